package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/findings/report"
)

func init() { register(newConvertCmd) }

func newConvertCmd(a *app) *cobra.Command {
	var input, output, source string
	var formats []string
	cmd := &cobra.Command{
		Use:   "convert --input report.json --format FORMAT[=FILE]",
		Short: "Render a saved JSON report in another format",
		Long: `convert reads a report written by check --format json and renders it in
other formats without analysing again (like trivy convert): run the analysis once,
keep the JSON as a build artifact, and produce SARIF, HTML or JUnit from it later.

--source DIR points at the checked folder so SARIF columns can be converted to
UTF-16 code units; without it byte columns are kept (exact for ASCII lines).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if input == "" {
				return usageErr("--input is required (a report written by check --format json, or - for stdin)")
			}
			var r io.Reader = a.stdin
			if input != "-" {
				f, err := os.Open(input)
				if err != nil {
					return usageErr("%v", err)
				}
				defer f.Close()
				r = f
			}
			doc, err := report.ReadJSON(r)
			if err != nil {
				return usageErr("%s: not a synclint JSON report: %v", input, err)
			}
			if doc.SchemaVersion != report.SchemaVersion {
				return usageErr("%s: schemaVersion %q, this synclint reads %q", input, doc.SchemaVersion, report.SchemaVersion)
			}
			fs := formats
			if !cmd.Flags().Changed("format") && output != "" {
				if f := report.FormatForFile(output); f != "" {
					fs = []string{f}
				}
			}
			specs, err := parseFormats(fs, output)
			if err != nil {
				return usageErr("%v", err)
			}
			for _, spec := range specs {
				if err := writeReport(a, spec, doc, report.Options{Width: termWidth(a), SourceDir: source}); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&input, "input", "i", "", "JSON report to read (- for stdin)")
	f.StringArrayVar(&formats, "format", []string{"text"}, "output format; repeatable, FORMAT=FILE writes to a file")
	f.StringVarP(&output, "output", "o", "", "write the (single) stdout format to this file")
	f.StringVar(&source, "source", "", "the checked folder, to convert SARIF columns to UTF-16")
	return cmd
}
