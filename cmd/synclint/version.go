package main

import (
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/internal/version"
)

func init() { register(newVersionCmd) }

func newVersionCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print synclint's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v, c, d := version.Info()
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]string{
					"version": v, "commit": c, "date": d, "go": runtime.Version(),
				})
			}
			fmt.Fprintf(a.stdout, "synclint %s", v)
			if c != "" {
				fmt.Fprintf(a.stdout, " (commit %s", c)
				if d != "" {
					fmt.Fprintf(a.stdout, ", %s", d)
				}
				fmt.Fprint(a.stdout, ")")
			}
			fmt.Fprintf(a.stdout, " %s\n", runtime.Version())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
