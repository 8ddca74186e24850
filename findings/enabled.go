package findings

import (
	"strings"

	"github.com/synclint/synclint/config"
)

// EnabledRules returns the IDs of the rules an analysis with opts runs and
// reports under cfg, sorted: the selection of Options.Only and
// Options.Disable, minus the rules the config switches off
// (rules.<ID>.enabled: false or severity: off). Reports use it to tell a rule
// that found nothing from a rule that did not run.
func EnabledRules(opts Options, cfg *config.Config) []string {
	var out []string
	for _, r := range selectRules(opts) {
		if cfg != nil {
			if rc, ok := cfg.Rules[r.ID]; ok {
				if rc.Enabled != nil && !*rc.Enabled {
					continue
				}
				if strings.EqualFold(strings.TrimSpace(rc.Severity), "off") {
					continue
				}
			}
		}
		out = append(out, r.ID)
	}
	return out
}
