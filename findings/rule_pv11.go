package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/formula"
)

// PV11 finds active validation rules an integration write can trip.
var PV11 = Register(&Rule{
	ID:        "PV11",
	Name:      "validation-rule-blocks-write",
	Title:     "Validation rule blocks the integration write",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketCustomCode,
	Tags:      []string{"validation-rule", "formula", "bypass", "property-value"},
	Summary:   "An active validation rule of an object HubSpot writes can be TRUE for a record the integration creates or updates, so Salesforce rejects the write.",
	Doc: `A validation rule blocks a save when its errorConditionFormula is TRUE: the
API answers FIELD_CUSTOM_VALIDATION_EXCEPTION with the rule's error message
(Salesforce Help, "Validation Rules": "If the validation rule's formula
evaluates to true, the record is not saved"; ValidationRule metadata,
developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm).
HubSpot files these rejections under "Custom code" sync errors ("records aren't
syncing due to an issue caused by automation, flows or validation rules",
knowledge.hubspot.com/salesforce/resolve-salesforce-integration-sync-errors).
Validation rules run for API writes as for the UI, after before-save flows and
triggers (Apex Developer Guide, "Triggers and Order of Execution").

**What is checked statically.** Every active rule of an object the integration
writes (an object some two-way or prefer-Salesforce mapping, or an association
mapping, fills) is parsed, type-checked against the org's fields and translated
to CEL. synclint then models the integration's writes:

- on **create** (objects HubSpot creates: Lead or Contact per contactsCreate,
  Account, Opportunity, custom objects), ISNEW() is TRUE, fields HubSpot maps
  take values the HubSpot property can hold (its options, pipeline stage labels,
  owners, blank, typed boundary values and the constants the formula compares
  them with), and every other field holds its default value or is blank;
- on **update**, fields HubSpot maps change to such a value or keep their
  existing value, and every other field keeps its existing value (ISCHANGED
  FALSE, PRIORVALUE unchanged; formula-language.md §7);
- the running user is the integration user: $User.Username from
  integrationUsers, $Profile.Name from integrationProfile, $Permission.X from the
  custom permissions the profile and permission sets grant (or
  integrationPermissions). Cross-object references (Account.Industry on a
  Contact rule) read saved related records and may hold any value.

cel-go partial evaluation searches these values for a **witness**: a concrete
write that makes the formula TRUE. Each finding shows it (mode, field values,
prior values, user), and a patch that exempts the integration user.

A rule is **not reported** when the integration user is exempt (a bypass on the
user, profile or a granted custom permission makes the formula FALSE whatever
the record holds), when it is switched off by a hierarchy custom setting or
custom metadata (data synclint cannot read: assumed set for the integration
user), when no value HubSpot can write makes it TRUE, or when on update it reads
only fields HubSpot never writes (their values are those of the last save,
which passed the rule). ` + "`synclint explain-rules`" + ` lists every rule and why it
was reported or skipped.

**Warnings** instead of errors: the search hit its bound (the rule "may block"),
the verdict depends on a global synclint does not know for the integration user
($User.Id, $UserRole, $Label, custom permissions without a configured profile),
or on a calculated field.

**With records**, every reachable rule is evaluated on every HubSpot record
mapped to Salesforce values (type conversion as the integration does it): the
records that trip it are counted and five are shown. Objects HubSpot creates are
evaluated as creates; objects it only updates count the records that trip the
rule whatever the record's other Salesforce values are.

Rules of a managed package (namespace prefix, e.g. pi__Score_Range) are reported
but never patched: their metadata cannot be changed in the subscriber org (PV13).

Example: Lead.New_Leads_Need_Source is AND(ISNEW(), ISBLANK(TEXT(LeadSource)))
and no mapping writes LeadSource: every lead HubSpot creates is rejected.`,
	Fix: "Exempt the integration user in the rule (run `synclint fix`), or make HubSpot send values the rule accepts.",
	Run: runPV11,
})

func runPV11(p *Pass) {
	an := validationRules(p)
	var rules []*vrRule
	for _, r := range an.Rules {
		if r.V.Status == vrReachable || r.V.Status == vrMayBlock {
			rules = append(rules, r)
		}
	}
	// Findings carry verified patches: build them on all cores.
	fs := make([]*Finding, len(rules))
	parallel(len(rules), func(i int) { fs[i] = pv11Finding(p, an, rules[i]) })
	reported := map[*vrRule]*Finding{}
	for i, r := range rules {
		reported[r] = fs[i]
	}
	registerVRRecords(p, an, reported)
	for _, r := range an.Rules {
		if f := reported[r]; f != nil {
			p.ReportDeferred(f)
		}
	}
}

// pv11Finding builds the finding of a reachable (or may-block) rule.
func pv11Finding(p *Pass, an *vrAnalysis, r *vrRule) *Finding {
	vr := r.VR
	v := r.V
	f := &Finding{
		Severity:       v.Severity,
		Location:       locOf(vr.Pos),
		Object:         r.SO.Name,
		ValidationRule: vr.Name,
		Component:      r.SO.Name + "." + vr.Name,
		Witness:        v.Witness,
		Related:        []Location{{File: vr.FormulaPos.File, Line: vr.FormulaPos.Line, Column: vr.FormulaPos.Col, Message: "errorConditionFormula"}},
	}
	props := writtenProperties(r)
	if len(props) > 0 {
		f.HubSpotProperty = props[0]
	}
	errMsg := strings.TrimSpace(vr.ErrorMessage)
	if v.Status == vrMayBlock {
		f.Message = fmt.Sprintf("Validation rule %s may block integration writes: %s", vr.QualifiedName(), v.Reason)
	} else {
		f.Message = fmt.Sprintf("Validation rule %s blocks integration %ss of %s: %s, so Salesforce rejects the write (FIELD_CUSTOM_VALIDATION_EXCEPTION", vr.QualifiedName(), modeName(v.Mode), r.SO.Name, witnessSummary(v.Witness))
		if errMsg != "" {
			f.Message += ": " + truncateRunes(errMsg, 120)
		}
		f.Message += ")"
	}
	ev := Evidence{}.Add("formula", trimFormula(vr.Formula, 300))
	if errMsg != "" {
		ev = ev.Add("error message", errMsg)
	}
	if v.Status == vrReachable {
		var modes []string
		if v.CreateReachable {
			modes = append(modes, "create")
		}
		if v.UpdateReachable {
			modes = append(modes, "update")
		}
		ev = ev.Add("trips on", strings.Join(modes, " and "))
	}
	if w := writtenReads(r); w != "" {
		ev = ev.Add("HubSpot writes", w)
	}
	if u := unwrittenReadsText(an, r); u != "" {
		ev = ev.Add("not written by HubSpot", u)
	}
	if c := crossObjectText(an, r); c != "" {
		ev = ev.Add("related records", c)
	}
	if g := globalsText(v); g != "" {
		ev = ev.Add("running user", g)
	}
	for _, n := range v.Notes {
		ev = ev.Add("assumption", n)
	}
	fix := ""
	if vr.Namespace != "" {
		ev = ev.Add("managed package", "the rule belongs to the managed package "+vr.Namespace+": its metadata cannot be edited in this org, so synclint proposes no patch (PV13)")
		fix = fmt.Sprintf("Use the %s package's own bypass (its settings or a custom permission it checks) for the integration user, or make HubSpot send values the rule accepts; the rule itself cannot be edited.", vr.Namespace)
	} else {
		plan := planRulePatch(p, an, r, FixOptions{Style: FixUsername})
		switch {
		case plan.Patch != nil:
			f.Patch = plan.Patch
			ev = ev.Add("patch", plan.Patch.Description)
			fix = fmt.Sprintf("Exempt the integration user: wrap the formula as %s (`synclint fix` writes the patch), or make HubSpot send values the rule accepts.", plan.Summary)
		case plan.Problem != "":
			ev = ev.Add("patch", "none: "+plan.Problem)
		}
	}
	if fix == "" {
		fix = fmt.Sprintf("Exempt the integration user in %s (for example AND($User.Username <> \"<integration user>\", (...))), or make HubSpot send values the rule accepts.", vr.QualifiedName())
	}
	f.Fix = fix
	f.Evidence = ev
	return f
}

// witnessSummary renders a witness as a clause: "when HubSpot sends Phone
// blank and Rating is "Hot" (existing value)".
func witnessSummary(w *Witness) string {
	if w == nil {
		return "for some records"
	}
	var sent, other []string
	for _, v := range w.Values {
		val := renderWitness(v)
		switch {
		case strings.HasPrefix(v.Source, "existing value (not sent)"), strings.HasPrefix(v.Source, "existing value"):
			other = append(other, v.Field+" is "+val+" (already in Salesforce)")
		case isHubSpotSource(v.Source):
			sent = append(sent, v.Field+" = "+val)
		default:
			other = append(other, v.Field+" is "+val+" ("+v.Source+")")
		}
	}
	for _, v := range w.Prior {
		other = append(other, v.Field+" was "+renderWitness(v)+" before the update")
	}
	var parts []string
	if len(sent) > 0 {
		parts = append(parts, "HubSpot sends "+strings.Join(sent, ", "))
	}
	parts = append(parts, other...)
	if len(parts) == 0 {
		return "on every " + w.Mode
	}
	return "when " + strings.Join(parts, " and ")
}

func isHubSpotSource(src string) bool {
	if strings.HasPrefix(src, "association ") || strings.HasPrefix(src, "no ") {
		return true
	}
	// HubSpot sources are object.property ("contacts.phone", "contacts.phone (blank)").
	head := src
	if i := strings.IndexByte(head, ' '); i >= 0 {
		head = head[:i]
	}
	return strings.Count(head, ".") == 1 && !strings.ContainsAny(head, "\"()")
}

func renderWitness(v WitnessValue) string {
	if v.Blank {
		return "blank"
	}
	if v.Value == placeholderRecordID || v.Value == placeholderRecordID[:15] {
		return "a record"
	}
	if v.Value == placeholderUserID || v.Value == placeholderUserID[:15] {
		return "a user"
	}
	return fmt.Sprintf("%q", v.Value)
}

// trimFormula collapses white space and shortens a formula for evidence.
func trimFormula(s string, n int) string {
	return truncateRunes(strings.Join(strings.Fields(s), " "), n)
}

// writtenProperties lists the HubSpot properties that write fields the rule reads.
func writtenProperties(r *vrRule) []string {
	var out []string
	seen := map[string]bool{}
	if r.Prog == nil {
		return nil
	}
	for _, fr := range r.Prog.Fields() {
		if fr.CrossObject {
			continue
		}
		w := r.obj.written[strings.ToLower(fr.Path)]
		if w == nil {
			continue
		}
		for _, t := range w.targets {
			s := t.Mapping.HubSpot.String()
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// writtenReads renders "Phone ← contacts.phone (two-way)" for the fields
// HubSpot writes that the rule reads.
func writtenReads(r *vrRule) string {
	var parts []string
	for _, fr := range r.Prog.Fields() {
		if fr.CrossObject {
			continue
		}
		w := r.obj.written[strings.ToLower(fr.Path)]
		if w == nil {
			continue
		}
		var srcs []string
		for _, t := range w.targets {
			srcs = append(srcs, t.Mapping.HubSpot.String()+" ("+string(t.Mapping.Rule)+")")
		}
		for _, a := range w.assocs {
			srcs = append(srcs, "association "+a.Mapping.String())
		}
		parts = append(parts, fr.Path+" ← "+strings.Join(srcs, ", "))
	}
	return strings.Join(parts, "; ")
}

func unwrittenReadsText(an *vrAnalysis, r *vrRule) string {
	var parts []string
	for _, fr := range r.Prog.Fields() {
		if fr.CrossObject || r.obj.written[strings.ToLower(fr.Path)] != nil {
			continue
		}
		parts = append(parts, fr.Path)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + " (on create: default value or blank; on update: the value already saved)"
}

// crossObjectText says, per cross-object reference, whether HubSpot writes
// the related record.
func crossObjectText(an *vrAnalysis, r *vrRule) string {
	var parts []string
	for _, fr := range r.Prog.Fields() {
		if !fr.CrossObject {
			continue
		}
		s := fr.Path + " is read from the related " + orDefault(fr.Object, "record") + " (not part of the write)"
		if rel := an.sync.Object(fr.Object); rel != nil && fr.Object != "" {
			name := fr.Field.Name
			if name == "" {
				name = fr.Path[strings.LastIndexByte(fr.Path, '.')+1:]
			}
			if an.objects[rel] != nil && an.objects[rel].written[strings.ToLower(name)] != nil {
				s += ": HubSpot also syncs " + rel.Name + " and writes " + name
			} else {
				s += ": " + rel.Name + " syncs, but no writing mapping fills " + name + ", so it holds whatever Salesforce has"
			}
		} else if fr.Object != "" {
			s += ": " + fr.Object + " is not synced, so its value is whatever Salesforce has"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// globalsText renders the running user's globals the formula reads.
func globalsText(v vrVerdict) string {
	var parts []string
	if v.User != nil {
		parts = append(parts, v.User.display())
	}
	for _, g := range v.Globals {
		parts = append(parts, g.Path+" = "+renderValue(g.Value)+" ("+g.Why+")")
	}
	return strings.Join(parts, "; ")
}

// witnessFires re-evaluates a verdict's witness input (for tests and fix
// verification).
func witnessFires(r *vrRule) (bool, error) {
	if r.V.Input == nil || r.Prog == nil {
		return false, nil
	}
	return r.Prog.Fires(r.Prog.Bind(r.V.Input.formulaInput()))
}

var _ = formula.ModeCreate
