package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"
	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
)

func init() { register(newExplainRulesCmd) }

func newExplainRulesCmd(a *app) *cobra.Command {
	var configPath, hubspotDir string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "explain-rules [DIR]",
		Short: "Say, for every validation rule of a synced object, whether it blocks the integration and why",
		Long: `explain-rules runs the validation-rule engine behind PV11 and prints one line per
validation rule of every object the integration syncs: reported (with the write
that trips it), may-block (the search was inconclusive), skipped (and why: the
integration user is exempt, a custom-setting bypass, no value HubSpot can send
makes it true, it reads only fields HubSpot never writes, …), invalid (SL02),
inactive, or not-written (HubSpot writes no field of the object).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			in, err := findings.LoadInput(findings.LoadOptions{Dir: dir, ConfigPath: configPath, HubSpotDir: hubspotDir})
			if err != nil {
				var ce *config.Error
				if errors.As(err, &ce) {
					return &exitError{code: exitUsage, err: fmt.Errorf("config: %w", err)}
				}
				return &exitError{code: exitUsage, err: err}
			}
			ex := findings.ExplainValidationRules(in)
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(ex)
			}
			return writeExplainText(a, ex)
		},
	}
	f := cmd.Flags()
	f.StringVar(&configPath, "config", "", "config file (default: synclint.yaml in DIR or a parent)")
	f.StringVar(&hubspotDir, "hubspot", "", "HubSpot export folder (default: hubspot: in the config)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func writeExplainText(a *app, ex []findings.RuleExplanation) error {
	width := termWidth(a)
	ruleWidth := 20
	for _, e := range ex {
		ruleWidth = max(ruleWidth, min(len(e.Rule), 60))
	}
	why := width - ruleWidth - 18 - 10
	if why < 30 {
		why = 30
	}
	tbl := tablewriter.NewTable(a.stdout,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithColumnWidths(tw.NewMapper[int, int]().Set(0, ruleWidth).Set(2, why)),
		tablewriter.WithMaxWidth(width),
	)
	tbl.Header([]string{"RULE", "VERDICT", "WHY"})
	counts := map[string]int{}
	for _, e := range ex {
		counts[e.Verdict]++
		verdict := e.Verdict
		if e.Severity != "" {
			verdict += " (" + e.Severity + ")"
		}
		text := e.Reason
		if e.Witness != nil {
			var vals []string
			for _, v := range e.Witness.Values {
				val := fmt.Sprintf("%q", v.Value)
				if v.Blank {
					val = "blank"
				}
				vals = append(vals, v.Field+" = "+val)
			}
			for _, v := range e.Witness.Prior {
				val := fmt.Sprintf("%q", v.Value)
				if v.Blank {
					val = "blank"
				}
				vals = append(vals, "PRIORVALUE("+v.Field+") = "+val)
			}
			text = "trips on " + e.Witness.Mode + ": " + strings.Join(vals, ", ")
		}
		for _, n := range e.Notes {
			text += "\n" + n
		}
		if e.Managed != "" {
			text += "\nmanaged package " + e.Managed + ": never patched (PV13)"
		}
		if err := tbl.Append([]string{e.Rule, verdict, text}); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	var parts []string
	for _, v := range []string{findings.VerdictReported, findings.VerdictMayBlock, findings.VerdictSkipped, findings.VerdictInvalid, findings.VerdictInactive, findings.VerdictNotWritten} {
		if counts[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
		}
	}
	fmt.Fprintf(a.stdout, "%d validation %s on synced objects: %s\n", len(ex), pick(len(ex), "rule", "rules"), strings.Join(parts, ", "))
	return nil
}
