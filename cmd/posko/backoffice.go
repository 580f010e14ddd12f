package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"posko/backoffice"
	"posko/conversation"
	"posko/storage/postgres"
)

const importUsage = `usage: posko import-satker FILE | posko import-transaksi FILE
  import-satker FILE     the KPPN's map of satker (CSV or XLSX: kode satker, nama satker, kode KPPN,
                         kelola UP ya/tidak, narahubung, telepon); rows are upserted by kode satker,
                         a row without a KPPN code belongs to KPPN_CODE
  import-transaksi FILE  Digipay transactions (kode satker, tanggal, vendor, nilai, metode CMS/KKP,
                         id transaksi); a transaction imported before is not added twice
Bad rows are listed with the reason; the good ones are applied in one transaction.`

const reportUsage = `usage: posko report [-kppn CODE] [-out DIR]
  writes the KPPN's report as laporan-digipay-<kppn>-<date>.xlsx and grafik-digipay-<kppn>-<date>.png
  in DIR (default: the current directory) and prints the summary`

// importCommand runs `posko import-satker FILE` and `posko import-transaksi FILE`.
func importCommand(ctx context.Context, kind string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%s: expected one FILE\n%s", kind, importUsage)
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", args[0], err)
	}
	db, cfg, err := openMigrated(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	runner := backoffice.New(db, nil, newLogger(cfg, stderr), backoffice.Options{})
	by := conversation.Actor{Name: "posko " + kind}
	jobKind := conversation.JobImportSatker
	if kind == "import-transaksi" {
		jobKind = conversation.JobImportTx
	}
	res, err := runner.Import(ctx, jobKind, filepath.Base(args[0]), data, cfg.KPPNCode, by)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, plainText(conversation.ImportResultText(res)))
	if res.Failed != "" {
		return fmt.Errorf("%s: nothing imported", kind)
	}
	return nil
}

// reportCommand runs `posko report`.
func reportCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	kppn := fs.String("kppn", "", "KPPN code (default KPPN_CODE)")
	out := fs.String("out", ".", "directory for the files")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return fmt.Errorf("report: bad arguments\n%s", reportUsage)
	}
	db, cfg, err := openMigrated(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	code := cfg.KPPNCode
	if *kppn != "" {
		if _, problem := conversation.ValidateKodeKPPN(*kppn); problem != "" {
			return fmt.Errorf("report: -kppn: %s", plainText(problem))
		}
		code = *kppn
	}
	runner := backoffice.New(db, nil, newLogger(cfg, stderr), backoffice.Options{})
	rep, book, chart, err := runner.Report(ctx, code)
	if err != nil {
		return err
	}
	stamp := rep.At.In(time.FixedZone("WIB", 7*60*60)).Format("2006-01-02")
	files := map[string][]byte{
		fmt.Sprintf(conversation.TextReportFileName, code, stamp):  book,
		fmt.Sprintf(conversation.TextReportChartName, code, stamp): chart,
	}
	for name, data := range files {
		path := filepath.Join(*out, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	fmt.Fprintln(stdout, plainText(conversation.ReportSummaryText(rep)))
	return nil
}

// openMigrated opens the database named by the configuration and applies
// pending migrations, as serve does.
func openMigrated(ctx context.Context, getenv func(string) string, stderr io.Writer) (*postgres.DB, config, error) {
	cfg, err := loadConfig(getenv, false)
	if err != nil {
		return nil, cfg, err
	}
	logger := newLogger(cfg, stderr)
	db, err := postgres.Open(ctx, cfg.DatabaseURL, postgres.WithLogger(logger))
	if err != nil {
		return nil, cfg, err
	}
	if err := postgres.Migrate(ctx, db, logger); err != nil {
		db.Close()
		return nil, cfg, err
	}
	return db, cfg, nil
}

var tags = regexp.MustCompile(`<[^>]+>`)

// plainText turns a Telegram HTML text into plain text for a terminal.
func plainText(s string) string { return html.UnescapeString(tags.ReplaceAllString(s, "")) }
