package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
)

func init() { register(newConfigCmd) }

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check the configuration file",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "validate [FILE]",
		Short: "Report every problem of synclint.yaml with its position",
		Long: `validate reads FILE (default: the synclint.yaml that check would use from the
current folder) and reports every problem with file:line:column: unknown keys
(typos are not ignored), values of the wrong type or outside the allowed set, and
rule IDs the catalog does not have. The same rules are published as a JSON Schema,
docs/synclint.schema.json, for editors.

Exit status: 0 when the file is valid, 2 when it is not or cannot be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			} else if path = config.Find("."); path == "" {
				return usageErr("no config file here or in a parent folder (looked for %s)", strings.Join(config.FileNames, ", "))
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return usageErr("%v", err)
			}
			errs := config.Check(path, data)
			if len(errs) == 0 {
				// Rule IDs are checked here: the config package knows no catalog.
				if c, err := config.Parse(path, data); err == nil {
					ids := make([]string, 0, len(c.Rules))
					for id := range c.Rules {
						ids = append(ids, id)
					}
					sort.Strings(ids)
					for _, id := range ids {
						if findings.LookupRule(id) == nil {
							errs = append(errs, &config.Error{File: path, Line: c.Line("rules." + id), Column: 3,
								Message: fmt.Sprintf("rules: no rule %s in the catalog (see `synclint rules`)", id)})
						}
					}
				}
			}
			if len(errs) == 0 {
				fmt.Fprintf(a.stdout, "%s: valid\n", path)
				return nil
			}
			for _, e := range errs {
				fmt.Fprintln(a.stderr, e.Error())
			}
			return &exitError{code: exitUsage, err: fmt.Errorf("%s: %d %s", path, len(errs), pick(len(errs), "problem", "problems"))}
		},
	})
	return cmd
}
