// Command posko is Posko Digipay Online, the KPPN's online assistance post for
// Digipay as a Telegram bot. Subcommands: serve (default), migrate, holidays, version.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "posko:", err)
		os.Exit(1)
	}
}
