package findings

import (
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

// Validation rules that require a relationship.
//
// A rule such as ISBLANK(AccountId) makes Salesforce reject every save of a
// record without an account ("If the validation rule's formula evaluates
// to true, the record is not saved", Salesforce Help: Validation Rules).
// For each active rule of a synced object and each lookup or master-detail
// field F it reads, synclint asks the formula package two questions by
// partial evaluation (formula.Program.Partial), for an integration create
// (ISNEW() true) with the integration user's known globals set
// (integrationGlobals) and every other field unknown:
//
//  1. with F blank, is the rule TRUE whatever the other values are? Then
//     F is required unconditionally: no record without F is ever saved.
//  2. otherwise, with F blank is the outcome unknown, and with F set is it
//     FALSE? Then F is required under a condition (the residual, e.g.
//     StageName = "Closed Won"): a blank F is necessary for the rule to
//     fire, and some values of the other fields make it fire.
//
// Anything else (the rule fires with F set, or never fires with F blank,
// e.g. because the integration user is exempt) is not a requirement of F.
// Rules that do not compile (SL02 is reported elsewhere) are skipped.

// RuleRequirement is an active validation rule that requires a lookup.
type RuleRequirement struct {
	Rule *metadata.ValidationRule
	// Conditional is true when the rule requires the field only when
	// other fields hold some values; Condition is the residual (CEL text).
	Conditional bool
	Condition   string
}

// placeholderID stands for "some record" when a lookup is set.
const placeholderID = "001000000000001AAA"

// lookupRuleRequirements returns, for an object, the active validation
// rules requiring each lookup field (keyed by lower-cased field name). The
// relationship model (relations.go) calls it once per synced object.
func lookupRuleRequirements(p *Pass, obj *metadata.Object) map[string][]RuleRequirement {
	out := map[string][]RuleRequirement{}
	var names []string
	for _, f := range relationFields(obj) {
		names = append(names, strings.ToLower(f.Name))
	}
	for _, vr := range obj.ValidationRules {
		if !vr.Active || strings.TrimSpace(vr.Formula) == "" || !mentionsAny(strings.ToLower(vr.Formula), names) {
			continue // compile only rules that read a relationship field
		}
		prog, err := compiledRule(p, vr)
		if err != nil {
			continue
		}
		for _, fr := range prog.Fields() {
			if fr.CrossObject || !fr.Current {
				continue
			}
			f := LookupField(p.Org, obj.Name, fr.Path)
			if f == nil || !isRelationshipField(f) {
				continue
			}
			if req, ok := ruleRequires(p, prog, fr.Path); ok {
				req.Rule = vr
				k := strings.ToLower(f.Name)
				out[k] = append(out[k], req)
			}
		}
	}
	return out
}

// ruleRequires answers the two questions above for one field.
func ruleRequires(p *Pass, prog *formula.Program, field string) (RuleRequirement, bool) {
	globals := integrationGlobals(p, prog)
	eval := func(v formula.Value) (formula.PartialResult, error) {
		a := prog.NewActivation()
		a.SetMode(formula.ModeCreate)
		for k, gv := range globals {
			a.Set(k, gv)
		}
		a.Set(field, v)
		return prog.Partial(a)
	}
	blank, err := eval(formula.Null())
	if err != nil {
		return RuleRequirement{}, false
	}
	switch blank.Outcome {
	case formula.OutcomeTrue:
		return RuleRequirement{}, true
	case formula.OutcomeUnknown:
		set, err := eval(formula.Text(placeholderID))
		if err != nil || set.Outcome != formula.OutcomeFalse {
			return RuleRequirement{}, false
		}
		return RuleRequirement{Conditional: true, Condition: blank.Residual}, true
	}
	return RuleRequirement{}, false
}

// isRelationshipField reports whether f points at a parent record the
// integration could have to supply (not owner, record type or system
// references).
func isRelationshipField(f *metadata.Field) bool {
	if f.Type != metadata.TypeLookup && f.Type != metadata.TypeMasterDetail {
		return false
	}
	if f.ReadOnly || len(f.ReferenceTo) == 0 {
		return false
	}
	switch strings.ToLower(f.Name) {
	case "ownerid", "recordtypeid", "createdbyid", "lastmodifiedbyid", "masterrecordid":
		return false
	}
	switch strings.ToLower(f.ReferenceTo[0]) {
	case "user", "group", "recordtype", "profile", "userrole":
		return false
	}
	return true
}

func mentionsAny(text string, names []string) bool {
	for _, n := range names {
		if strings.Contains(text, n) {
			return true
		}
	}
	return false
}
