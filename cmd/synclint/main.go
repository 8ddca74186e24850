// Command synclint reports the parts of a Salesforce org that will reject
// writes from the HubSpot–Salesforce integration, and proposes fixes.
//
// This package only wires flags to the library packages (metadata,
// hubspotschema, formula, findings); no analysis happens here.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes: the same for every output format.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // usage error, bad config, or nothing could be read
	exitInternal = 3 // a bug in synclint
)

// exitError carries an exit code through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErr marks an error as a usage problem (exit 2).
func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// app carries the process's streams into the commands, so tests can run the
// CLI in-process.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// getenv reads the environment (NO_COLOR, GITHUB_STEP_SUMMARY, …).
	getenv func(string) string
}

// commandFactories are filled by each command's file in init().
var commandFactories []func(*app) *cobra.Command

func register(f func(*app) *cobra.Command) { commandFactories = append(commandFactories, f) }

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "synclint",
		Short: "Find what in a Salesforce org will reject HubSpot integration writes",
		Long: `synclint reads a Salesforce metadata checkout (SFDX or Metadata API format) and a
HubSpot schema export, joins them through the integration's field mapping, and
reports every configuration that will reject a write from the HubSpot–Salesforce
integration, with its location, evidence and a fix.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})
	for _, f := range commandFactories {
		root.AddCommand(f(a))
	}
	return root
}

// run executes the CLI and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "synclint: internal error: %v\nPlease report this with the command you ran.\n", r)
			code = exitInternal
		}
	}()
	root := newRoot(a)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "synclint: %v\n", ee.err)
		}
		return ee.code
	}
	// cobra reports unknown commands and flags as plain errors.
	fmt.Fprintf(stderr, "synclint: %v\n", err)
	return exitUsage
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
