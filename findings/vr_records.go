package findings

import (
	"math"
	"strconv"
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
)

// The records pass of PV11: every reported rule is evaluated on every
// HubSpot record of the object that feeds its Salesforce object, with the
// record's values converted the way the integration writes them
// (hubspotValue: ConvertValue, stage labels, owners; association-filled
// lookups from the association export).
//
// One visitor per synced object serves all its rules: each record's values
// are converted once, then bound into one reused activation per rule (no
// map, no activation per record). Objects HubSpot creates are evaluated as
// creates (fields HubSpot does not write at their create values) with a
// full evaluation; an object HubSpot only updates, or a rule reachable only
// on update, is evaluated by partial evaluation with every value HubSpot
// does not send unknown: a record counts when the rule is TRUE whatever
// those values are, and records for which it depends on them are counted
// apart ("may trip").

// vrRecordRule is one rule's state in the records pass.
type vrRecordRule struct {
	r       *vrRule
	f       *Finding
	act     *formula.Activation
	partial bool
	fields  []int // indexes into the visitor's field table
	paths   []string
	slots   []formula.Slot // the fields' slots in act
	stats   RecordStats
	maybe   int64
	invalid int64
	// cache holds partial-evaluation outcomes by a hash of the record's
	// values (records repeat values: picklists, blanks, numbers), bounded.
	cache map[uint64]formula.Outcome
}

// maxOutcomeCache bounds a rule's outcome cache.
const maxOutcomeCache = 1 << 14

// valueHash mixes a value into an FNV-1a hash without allocating.
func valueHash(h uint64, v formula.Value) uint64 {
	const prime = 1099511628211
	mix := func(b byte) { h ^= uint64(b); h *= prime }
	mix(byte(v.Kind))
	switch v.Kind {
	case formula.KindText:
		for i := 0; i < len(v.Str); i++ {
			mix(v.Str[i])
		}
	case formula.KindNumber:
		bits := math.Float64bits(v.Num)
		for i := 0; i < 8; i++ {
			mix(byte(bits >> (8 * i)))
		}
	case formula.KindBool:
		if v.Bool {
			mix(1)
		}
	case formula.KindDate, formula.KindDateTime, formula.KindTime:
		n := uint64(v.Time.UnixNano())
		for i := 0; i < 8; i++ {
			mix(byte(n >> (8 * i)))
		}
	}
	mix(0xff)
	return h
}

// vrRecordField is one written field the visitor converts per record.
type vrRecordField struct {
	path   string // lower-cased Salesforce path
	name   string
	target *Target
	assoc  *AssociationTarget
	sum    *AssociationSummary
	typ    formula.Type
	col    int
	val    formula.Value
	ok     bool
	known  bool
	// bound is val converted for the evaluator, once per record.
	bound    *formula.Bound
	boundSet bool
}

// registerVRRecords sets up the records pass for the reported rules.
func registerVRRecords(p *Pass, an *vrAnalysis, reported map[*vrRule]*Finding) {
	byObject := map[*SyncedObject][]*vrRule{}
	var order []*SyncedObject
	for _, r := range an.Rules {
		if reported[r] == nil || r.Prog == nil {
			continue
		}
		if byObject[r.SO] == nil {
			order = append(order, r.SO)
		}
		byObject[r.SO] = append(byObject[r.SO], r)
	}
	for _, so := range order {
		registerObjectRecords(p, an, so, byObject[so], reported)
	}
}

func registerObjectRecords(p *Pass, an *vrAnalysis, so *SyncedObject, rules []*vrRule, reported map[*vrRule]*Finding) {
	hsObject := so.HubSpotObject
	for _, t := range so.Targets {
		hsObject = t.Mapping.HubSpot.Object
		break
	}
	if hsObject == "" {
		return
	}
	obj := an.objects[so]
	var fields []*vrRecordField
	index := map[string]int{}
	fieldIndex := func(fr formula.FieldRef) int {
		k := strings.ToLower(fr.Path)
		if i, ok := index[k]; ok {
			return i
		}
		w := obj.written[k]
		if w == nil {
			return -1
		}
		rf := &vrRecordField{path: k, name: fr.Path, typ: fr.Field.Type, col: -2}
		for _, t := range w.targets {
			if t.Mapping.HubSpot.Object == hsObject {
				rf.target = t
				break
			}
		}
		if rf.target == nil {
			for _, a := range w.assocs {
				if a.Mapping.From == hsObject {
					rf.assoc = a
					at := rf
					p.OnAssociations(a.Mapping.From, a.Mapping.To, true, func(s *AssociationSummary) { at.sum = s })
					break
				}
			}
		}
		if rf.target == nil && rf.assoc == nil {
			return -1
		}
		index[k] = len(fields)
		fields = append(fields, rf)
		return len(fields) - 1
	}
	var rrs []*vrRecordRule
	for _, r := range rules {
		rr := &vrRecordRule{r: r, f: reported[r]}
		mode := formula.ModeUpdate
		if so.Creates && (r.V.CreateReachable || !r.V.UpdateReachable) {
			mode = formula.ModeCreate
		}
		act := r.Prog.NewActivation()
		act.SetNow(an.Now)
		act.SetClone(false)
		act.SetMode(mode)
		gl := r.V.Globals
		if len(gl) == 0 {
			gl = an.Users[0].globals(r.Prog)
		}
		setGlobals(act, gl)
		for _, fr := range r.Prog.Fields() {
			i := -1
			if !fr.CrossObject {
				i = fieldIndex(fr)
			}
			if i >= 0 {
				rr.fields = append(rr.fields, i)
				rr.paths = append(rr.paths, strings.ToLower(fr.Path))
				rr.slots = append(rr.slots, r.Prog.Slot(fr.Path))
				if mode == formula.ModeUpdate && fr.Prior {
					rr.partial = true
				}
				continue
			}
			// Not written from this HubSpot object.
			if mode == formula.ModeCreate && !fr.CrossObject {
				f := LookupField(an.org, so.Name, fr.Path)
				if v, _, known := createValue(an.org, f, fr.Field.Type, an.Now, an.Users[0]); known {
					act.Set(fr.Path, v)
					continue
				}
			}
			rr.partial = true
		}
		for _, g := range r.Prog.Globals() {
			if strings.EqualFold(g.Global, "$RecordType") {
				rr.partial = true
			}
		}
		rr.act = act
		rrs = append(rrs, rr)
	}
	p.OnRecords(&RecordVisitor{
		Object: hsObject,
		Visit: func(rec *hubspotschema.Record) {
			for _, rf := range fields {
				rf.read(an, rec)
			}
			for _, rr := range rrs {
				rr.visit(fields, rec)
			}
		},
		Done: func(file string, n int64) {
			for _, rr := range rrs {
				rr.done(file, n)
			}
		},
	})
}

// read converts the record's value of the field.
func (rf *vrRecordField) read(an *vrAnalysis, rec *hubspotschema.Record) {
	rf.known, rf.ok, rf.boundSet = true, true, false
	if rf.assoc != nil {
		if rf.sum == nil {
			rf.known = false
			return
		}
		if rf.sum.HasFrom(rec.ID) {
			rf.val = formula.Text(placeholderRecordID)
		} else {
			rf.val = formula.Null()
		}
		return
	}
	if rf.col == -2 {
		rf.col = rec.ColumnIndex(rf.target.Mapping.HubSpot.Property)
	}
	if rf.col < 0 {
		rf.known = false
		return
	}
	rf.val, rf.ok = hubspotValue(an.hs, rf.target, rec.Value(rf.col), rf.typ)
}

// bind converts the value for the evaluator once per record, for every
// rule that reads the field.
func (rf *vrRecordField) bind() *formula.Bound {
	if rf.bound == nil {
		rf.bound = formula.NewBound(rf.val)
	} else if !rf.boundSet {
		rf.bound.Reset(rf.val)
	}
	rf.boundSet = true
	return rf.bound
}

func (rr *vrRecordRule) visit(fields []*vrRecordField, rec *hubspotschema.Record) {
	rr.stats.Checked++
	partial := rr.partial
	// The outcome depends only on the values the rule reads (globals,
	// clock and mode are fixed for the pass): hash them first and bind and
	// evaluate only on a miss. Records repeat values (picklists, blanks,
	// numbers).
	h := uint64(14695981039346656037)
	for _, i := range rr.fields {
		rf := fields[i]
		if !rf.ok {
			// Salesforce rejects the value itself (PV01/PV03).
			rr.invalid++
			return
		}
		if !rf.known {
			partial = true
			h = valueHash(h, formula.Value{Kind: 255})
			continue
		}
		h = valueHash(h, rf.val)
	}
	out, cached := rr.cache[h]
	if !cached {
		for k, i := range rr.fields {
			rf := fields[i]
			if !rf.known {
				rr.act.SetSlotUnknown(rr.slots[k])
				continue
			}
			rr.act.SetSlot(rr.slots[k], rf.bind())
		}
		if partial {
			var err error
			out, err = rr.r.Prog.PartialOutcome(rr.act)
			if err != nil {
				out = formula.OutcomeFalse
			}
		} else {
			out = formula.OutcomeFalse
			if fires, err := rr.r.Prog.Fires(rr.act); err == nil && fires {
				out = formula.OutcomeTrue
			}
		}
		if rr.cache == nil {
			rr.cache = map[uint64]formula.Outcome{}
		}
		if len(rr.cache) < maxOutcomeCache {
			rr.cache[h] = out
		}
	}
	if out == formula.OutcomeUnknown {
		rr.maybe++
		return
	}
	if out != formula.OutcomeTrue {
		return
	}
	if len(rr.stats.Examples) < MaxExamples {
		rr.stats.AddExample(rec.ID, rr.exampleValue(fields), rec.Line)
	} else {
		rr.stats.Failing++
	}
}

// exampleValue renders the record's values of the fields the rule reads.
func (rr *vrRecordRule) exampleValue(fields []*vrRecordField) string {
	var parts []string
	for _, i := range rr.fields {
		rf := fields[i]
		if !rf.known {
			continue
		}
		v := renderValue(rf.val)
		parts = append(parts, rf.name+" = "+v)
	}
	return strings.Join(parts, ", ")
}

func (rr *vrRecordRule) done(file string, n int64) {
	st := rr.stats
	st.File, st.Checked = file, n
	if rr.maybe > 0 {
		st.Extra = st.Extra.Add("may trip", formatInt(rr.maybe)+" records trip it depending on values already in Salesforce")
	}
	if rr.invalid > 0 {
		st.Extra = st.Extra.Add("rejected before validation", formatInt(rr.invalid)+" records carry a value Salesforce rejects by type or length (PV01/PV03)")
	}
	rr.f.Records = &st
	if st.Failing > 0 {
		rr.f.Message += "; " + strconv.FormatInt(st.Failing, 10) + " of " + strconv.FormatInt(n, 10) + " HubSpot records trip it"
	}
}
