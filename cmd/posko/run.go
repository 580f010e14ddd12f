package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"posko/storage/postgres"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `usage: posko [serve|migrate|holidays|import-satker|import-transaksi|report|version]
  serve    run the bot (default): applies pending migrations, then takes updates in and answers them
  migrate  apply pending database migrations and exit
  holidays load FILE | list [YEAR]: the working-day calendar (national holidays, cuti bersama)
  import-satker FILE      import the KPPN's map of satker (CSV or XLSX)
  import-transaksi FILE   import Digipay transactions (CSV or XLSX)
  report [-kppn CODE] [-out DIR]: write the KPPN's report (XLSX and PNG) and print its summary
  version  print the version and exit
Configuration is read from the environment; see README.md.`

// run is the whole program: it reads the configuration, wires the parts and
// runs the chosen subcommand until ctx is done. Tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "serve":
		cfg, err := loadConfig(getenv, true)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, newLogger(cfg, stderr))
	case "migrate":
		cfg, err := loadConfig(getenv, false)
		if err != nil {
			return err
		}
		return migrate(ctx, cfg, newLogger(cfg, stderr))
	case "holidays":
		return holidaysCommand(ctx, args[1:], getenv, stdout, stderr)
	case "import-satker", "import-transaksi":
		return importCommand(ctx, cmd, args[1:], getenv, stdout, stderr)
	case "report":
		return reportCommand(ctx, args[1:], getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "posko", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown subcommand %q\n%s", cmd, usage)
	}
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func migrate(ctx context.Context, cfg config, logger *slog.Logger) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return postgres.Migrate(ctx, db, logger)
}
