package findings

import (
	"strconv"
	"strings"
	"time"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/internal/orgschema"
	"github.com/synclint/synclint/metadata"
)

// Validation rules seen from the value checks (PV04's REGEX rules, PV13's
// managed rules): compiled once per analysis, evaluated on record values.

// compiledRule compiles a validation rule against the org once per
// analysis: PV11's engine, the value checks (PV04, PV13) and the
// relationship model (vrrequire.go) all read the same program. Rules that
// do not compile return the error (SL02 reports them).
func compiledRule(p *Pass, vr *metadata.ValidationRule) (*formula.Program, error) {
	type result struct {
		prog *formula.Program
		err  error
	}
	key := "vr.compiled:" + strings.ToLower(vr.Object+"."+vr.Name)
	r := p.Shared.Get(key, func() any {
		prog, err := formula.Compile(vr.Formula, formula.Options{Object: vr.Object, Schema: formulaSchema(p)})
		return result{prog, err}
	}).(result)
	return r.prog, r.err
}

// formulaSchema is the org seen through the formula package's Schema
// interface, built once per analysis for every rule that compiles formulas.
func formulaSchema(p *Pass) *orgschema.Schema {
	return p.Shared.Get("vr.schema", func() any { return orgschema.New(p.Org) }).(*orgschema.Schema)
}

// bypassesIntegration reports whether a rule cannot fire for the
// integration user, or may not: it is FALSE whatever the record holds once
// the user's known globals are set ($User.Username, $Profile.Name,
// $Permission.*), or it reads $Setup values, the hierarchy custom settings
// orgs use as bypass switches, which a checkout does not show (PV11 decides
// those; the value checks stay quiet).
func bypassesIntegration(p *Pass, prog *formula.Program) bool {
	for _, g := range prog.Globals() {
		if g.Global == "$Setup" {
			return true
		}
	}
	a := prog.NewActivation()
	for k, v := range integrationGlobals(p, prog) {
		a.Set(k, v)
	}
	res, err := prog.Partial(a)
	return err == nil && res.Outcome == formula.OutcomeFalse
}

// formulaValue turns a converted HubSpot value into the value a formula
// reads for the field (picklists read as text).
func formulaValue(c Converted) formula.Value {
	switch c.Kind {
	case KindText, KindMultiPicklist:
		return formula.Text(c.Text)
	case KindNumber:
		return formula.Number(c.Number)
	case KindDate:
		return formula.Date(c.Time.Year(), c.Time.Month(), c.Time.Day())
	case KindDateTime:
		return formula.DateTime(c.Time)
	case KindBoolean:
		return formula.Bool(c.Bool)
	}
	return formula.Null()
}

// ruleEvaluator evaluates a validation rule on HubSpot records: the fields
// the integration writes from the record take the record's values, the
// integration user's globals are set, and everything else is unknown
// (partial evaluation), so a rule counts as firing only when it fires
// whatever Salesforce holds. When the rule reads nothing but fields the
// record fills, the faster full evaluation is used.
type ruleEvaluator struct {
	prog    *formula.Program
	mode    formula.Mode
	inputs  []ruleInput
	partial bool
	globals map[string]formula.Value
	act     *formula.Activation
	now     time.Time
}

type ruleInput struct {
	path  string
	col   *recordColumn
	prop  *hubspotschema.Property
	field *metadata.Field
}

// newRuleEvaluator prepares the evaluation of prog for records of the
// HubSpot object that feeds so. It returns nil when no field the rule reads
// is written from those records.
func newRuleEvaluator(p *Pass, prog *formula.Program, so *SyncedObject, hubspotObject string) *ruleEvaluator {
	e := &ruleEvaluator{prog: prog, mode: formula.ModeUpdate, globals: integrationGlobals(p, prog), now: p.Now()}
	if so.Creates {
		e.mode = formula.ModeCreate
	}
	fields := prog.Fields()
	for _, fr := range fields {
		if fr.CrossObject || fr.Prior {
			e.partial = true
		}
		if fr.CrossObject {
			continue
		}
		found := false
		for _, t := range so.Targets {
			if t.Field == nil || !strings.EqualFold(t.Ref.Field, fr.Path) || hubspotschema.CanonicalObjectType(t.Mapping.HubSpot.Object) != hubspotschema.CanonicalObjectType(hubspotObject) {
				continue
			}
			// Lower-cased: Activation.Set lower-cases names, which costs
			// nothing for a name that already is.
			e.inputs = append(e.inputs, ruleInput{path: strings.ToLower(fr.Path), col: newRecordColumn(t.Mapping.HubSpot.Property), prop: t.Property, field: t.Field})
			found = true
			break
		}
		if !found {
			e.partial = true
		}
	}
	for _, g := range prog.Globals() {
		if _, ok := e.globals[g.Path]; !ok {
			e.partial = true
		}
	}
	if len(e.inputs) == 0 {
		return nil
	}
	e.act = prog.NewActivation()
	for k, v := range e.globals {
		e.act.Set(k, v)
	}
	e.act.SetMode(e.mode)
	e.act.SetNow(e.now)
	return e
}

// fires evaluates the rule for one record: fires is true when the rule
// rejects the write, decided false when it depends on values synclint does
// not know (or a value is rejected before the rule runs).
func (e *ruleEvaluator) fires(r *hubspotschema.Record) (fires, decided bool) {
	// The globals, mode and clock were set once; every input is set (or
	// made unknown) again for each record.
	a := e.act
	for i := range e.inputs {
		in := &e.inputs[i]
		raw, ok := in.col.get(r)
		if !ok {
			a.SetUnknown(in.path, false)
			continue
		}
		c, err := ConvertValue(in.prop, in.field, raw)
		if err != nil {
			return false, false // rejected before validation rules run
		}
		a.Set(in.path, formulaValue(c))
	}
	if !e.partial {
		ok, err := e.prog.Fires(a)
		return ok, err == nil
	}
	out, err := e.prog.PartialOutcome(a)
	if err != nil {
		return false, false
	}
	switch out {
	case formula.OutcomeTrue:
		return true, true
	case formula.OutcomeFalse:
		return false, true
	}
	return false, false
}

// describe renders the record's values of the fields the rule reads
// ("PostalCode=\"2134\", Country=\"United States\""), for examples.
func (e *ruleEvaluator) describe(r *hubspotschema.Record) string {
	var b strings.Builder
	for i := range e.inputs {
		in := &e.inputs[i]
		v, _ := in.col.get(r)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(in.field.Name)
		b.WriteString("=")
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}
