package findings

// RuleExplanation is the verdict on one validation rule of an object the
// integration syncs: whether PV11 reports it, and why (or why not).
type RuleExplanation struct {
	// Rule is Object.Rule.
	Rule   string `json:"rule"`
	Object string `json:"object"`
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Active bool   `json:"active"`
	// Verdict is reported, may-block, skipped, invalid, inactive or
	// not-written.
	Verdict  string `json:"verdict"`
	Severity string `json:"severity,omitempty"`
	// Reason says why a rule is skipped, may block, or is invalid.
	Reason  string   `json:"reason,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	Witness *Witness `json:"witness,omitempty"`
	// Managed is the managed-package namespace of the rule, if any.
	Managed string `json:"managed,omitempty"`
	// Evaluations is the number of partial evaluations the search used.
	Evaluations int `json:"evaluations"`
}

// Verdicts of RuleExplanation.
const (
	VerdictReported   = "reported"
	VerdictMayBlock   = "may-block"
	VerdictSkipped    = "skipped"
	VerdictInvalid    = "invalid"
	VerdictInactive   = "inactive"
	VerdictNotWritten = "not-written"
)

// ExplainValidationRules runs the validation-rule engine (what PV11, PV02
// and SL02 use) and returns the verdict on every validation rule of every
// object the integration syncs, in object and rule order.
func ExplainValidationRules(in *Input) []RuleExplanation {
	an := validationRules(newAnalysisPass(in))
	out := make([]RuleExplanation, 0, len(an.Rules))
	for _, r := range an.Rules {
		e := RuleExplanation{Rule: r.VR.QualifiedName(), Object: r.SO.Name, File: r.VR.Pos.File, Line: r.VR.Pos.Line,
			Active: r.VR.Active, Reason: r.V.Reason, Notes: r.V.Notes, Witness: r.V.Witness, Managed: r.VR.Namespace,
			Evaluations: r.V.Evals}
		switch r.V.Status {
		case vrReachable:
			e.Verdict, e.Severity = VerdictReported, r.V.Severity.String()
		case vrMayBlock:
			e.Verdict, e.Severity = VerdictMayBlock, r.V.Severity.String()
		case vrSkipped:
			e.Verdict = VerdictSkipped
		case vrInvalid:
			e.Verdict = VerdictInvalid
		case vrInactive:
			e.Verdict = VerdictInactive
		case vrNotWritten:
			e.Verdict = VerdictNotWritten
		}
		out = append(out, e)
	}
	return out
}
