package main

import (
	"encoding/json"
	"fmt"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/report"
)

func init() { register(newRulesCmd) }

func newRulesCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rule catalog",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rules := findings.Rules()
			switch format {
			case "table", "text", "":
				tbl := tablewriter.NewTable(a.stdout,
					tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
					tablewriter.WithHeaderAutoFormat(tw.Off),
					tablewriter.WithRowAutoWrap(tw.WrapNormal),
					tablewriter.WithColumnWidths(tw.NewMapper[int, int]().Set(4, 60)),
				)
				tbl.Header([]string{"ID", "SEVERITY", "CATEGORY", "TITLE", "SUMMARY"})
				for _, r := range rules {
					if err := tbl.Append([]string{r.ID, r.Severity.String(), string(r.Category), r.Title, r.Summary}); err != nil {
						return err
					}
				}
				return tbl.Render()
			case "json":
				var out []report.RuleInfo
				d := report.NewDocument(&findings.Result{}, "", "")
				out = d.Rules
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			case "markdown":
				fmt.Fprintln(a.stdout, "| ID | Severity | Category | Title |")
				fmt.Fprintln(a.stdout, "|---|---|---|---|")
				for _, r := range rules {
					fmt.Fprintf(a.stdout, "| [%s](docs/rules/%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, r.Category, r.Title)
				}
				return nil
			}
			return usageErr("--format must be table, json or markdown")
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table, json or markdown")
	cmd.AddCommand(&cobra.Command{
		Use:   "explain ID",
		Short: "Print a rule's documentation",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := findings.LookupRule(args[0])
			if r == nil {
				return usageErr("no rule %q (see `synclint rules`)", args[0])
			}
			fmt.Fprint(a.stdout, findings.RuleMarkdown(r))
			return nil
		},
	})
	return cmd
}
