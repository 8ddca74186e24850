package findings

import (
	"sort"
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

// Fields a validation rule requires (the PV02 extension): an active rule
// that is TRUE whenever a field is blank — whatever the other fields hold,
// for the integration user — makes that field as required as a required
// flag does, e.g. ISBLANK(BillingCountry) or AND(ISNEW(), ISBLANK(Region)).
// Decided by partial evaluation: the field blank, the mode fixed, the
// integration user's known globals set, everything else unknown (so a
// bypass through a custom setting or an unknown global leaves the outcome
// unknown: not required).

// vrRequirement is a field a rule requires.
type vrRequirement struct {
	Field  *metadata.Field
	Rule   *vrRule
	Reason string
	// OnCreate and OnUpdate say in which writes the rule requires it.
	OnCreate, OnUpdate bool
}

// ruleRequiredFields returns the fields of a synced object that a rule
// requires, skipping the fields in skip (lower-cased names).
func ruleRequiredFields(p *Pass, so *SyncedObject, skip map[string]bool) []vrRequirement {
	an := validationRules(p)
	var out []vrRequirement
	seen := map[string]int{}
	for _, r := range an.Rules {
		if r.SO != so || r.Prog == nil || r.V.Status == vrInactive || r.V.Status == vrNotWritten {
			continue
		}
		for _, fr := range r.Prog.Fields() {
			if fr.CrossObject || !fr.Current || fr.Field.Type == formula.TypeBoolean {
				continue
			}
			key := strings.ToLower(fr.Path)
			if skip[key] {
				continue
			}
			onCreate := so.Creates && an.requiresBlank(r, fr.Path, formula.ModeCreate)
			onUpdate := so.Updates && an.requiresBlank(r, fr.Path, formula.ModeUpdate)
			if !onCreate && !onUpdate {
				continue
			}
			if i, ok := seen[key]; ok {
				out[i].OnCreate = out[i].OnCreate || onCreate
				out[i].OnUpdate = out[i].OnUpdate || onUpdate
				continue
			}
			f := LookupField(p.Org, so.Name, fr.Path)
			if f == nil {
				f = &metadata.Field{Object: so.Name, Name: fr.Path, Standard: !formula.IsCustomName(fr.Path)}
			}
			seen[key] = len(out)
			out = append(out, vrRequirement{Field: f, Rule: r, OnCreate: onCreate, OnUpdate: onUpdate,
				Reason: "validation rule " + r.VR.Name + " (" + trimFormula(r.VR.Formula, 80) + ") rejects every " + so.Name + " without it"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field.Name < out[j].Field.Name })
	return out
}

// requiresBlank reports whether the rule is TRUE whenever the field is
// blank in the mode, for every integration user.
func (a *vrAnalysis) requiresBlank(r *vrRule, field string, m formula.Mode) bool {
	for _, u := range a.Users {
		act := r.Prog.NewActivation()
		act.SetNow(a.Now)
		act.SetClone(false)
		act.SetMode(m)
		for _, g := range u.globals(r.Prog) {
			if g.Class == globalKnown {
				act.Set(g.Path, g.Value)
			}
		}
		act.Set(field, formula.Null())
		out, err := r.Prog.PartialOutcome(act)
		if err != nil || out != formula.OutcomeTrue {
			return false
		}
	}
	return true
}
