package findings

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/internal/orgschema"
	"github.com/synclint/synclint/metadata"
)

// The validation-rule engine: can an integration create or update trip an
// active validation rule of an object HubSpot writes?
//
// Each rule is compiled once per analysis (formula.Compile against the
// org's schema, internal/orgschema) and analysed once; PV11, PV02, SL02 and
// `synclint explain-rules` share the result (Pass.Shared).
//
// The write model (formula-language.md §7; cel-go-notes.md §7):
//
//   - create: ISNEW() is TRUE; fields HubSpot writes take values of the
//     HubSpot property's domain (vr_domain.go); every other field holds its
//     default value or is blank; ISCHANGED is FALSE and PRIORVALUE is the
//     new value ([DOC] ISNEW, ISCHANGED, PRIORVALUE).
//   - update: fields HubSpot writes either change to a value of the
//     property's domain or keep their existing value; fields it does not
//     write keep their existing value (ISCHANGED FALSE, PRIORVALUE equal);
//     existing values are any value of the Salesforce field.
//   - the running user is the integration user (vr_user.go); cross-object
//     references read saved related records: any value of the related
//     field (the write does not set them).
//
// Search. For each integration user and each mode the object is written
// in, the search assigns the formula's inputs one at a time, in the order
// the formula first reads them, and after each assignment asks cel-go's
// partial evaluation (formula.Program.PartialOutcome) whether the formula
// is already decided with the rest unknown: FALSE prunes the branch, TRUE
// means any completion is a witness (completed with each remaining slot's
// first candidate and checked by a full evaluation). The candidates of a
// slot are finite (vr_domain.go), so the search ends; it also stops after
// vrSearchBudget partial evaluations, and the rule is then reported as
// "may block" with the reason instead of being dropped.
//
// A rule is not reported when the integration user is exempt (the formula
// is FALSE with the user's globals known and every field unknown), when no
// mode can make it TRUE, or when on update it reads only fields HubSpot
// never writes and neither the clock nor a calculated field (the values
// are those of the last save, which passed the rule).

// vrSearchBudget bounds the partial evaluations of one search.
const vrSearchBudget = 3000

// vrStatus is the verdict of a rule.
type vrStatus int

const (
	// vrReachable: a witness write trips the rule.
	vrReachable vrStatus = iota
	// vrMayBlock: no witness found within the search bound.
	vrMayBlock
	// vrSkipped: the integration cannot trip the rule (Reason says why).
	vrSkipped
	// vrInvalid: the formula does not compile (SL02).
	vrInvalid
	// vrInactive: the rule is inactive.
	vrInactive
	// vrNotWritten: HubSpot writes no field of the object.
	vrNotWritten
)

func (s vrStatus) String() string {
	return [...]string{"reachable", "may block", "skipped", "invalid", "inactive", "not written"}[s]
}

// vrInput is a concrete evaluation input (a witness).
type vrInput struct {
	Mode    formula.Mode
	Values  map[string]formula.Value
	Prior   map[string]formula.Value
	Globals map[string]formula.Value
	Now     time.Time
}

// formulaInput converts the input for formula.Program.Eval.
func (in *vrInput) formulaInput() *formula.Input {
	return &formula.Input{Record: in.Values, Prior: in.Prior, Globals: in.Globals, Mode: in.Mode, Now: in.Now}
}

// vrVerdict is what the engine concluded about one rule.
type vrVerdict struct {
	Status vrStatus
	// Severity of a reported rule: Error, or Warning when the verdict rests
	// on an assumption (Notes).
	Severity Severity
	// Reason says why a rule is skipped or may block.
	Reason string
	// Notes are the assumptions behind a reachable verdict.
	Notes   []string
	User    *vrUser
	Mode    formula.Mode
	Witness *Witness
	Input   *vrInput
	// Globals are the user's globals the formula reads.
	Globals []vrGlobal
	// Modes reachable (for the records pass).
	CreateReachable, UpdateReachable bool
	Evals                            int
}

// vrRule is an active validation rule of a synced object.
type vrRule struct {
	VR   *metadata.ValidationRule
	SO   *SyncedObject
	Prog *formula.Program
	// Err is the parse or type error (SL02).
	Err error
	V   vrVerdict

	obj *vrObject
}

// vrWritten is a field HubSpot writes.
type vrWritten struct {
	Field   string
	targets []*Target
	assocs  []*AssociationTarget
}

// vrObject is what HubSpot writes on one synced object.
type vrObject struct {
	so      *SyncedObject
	written map[string]*vrWritten
}

// writes reports whether HubSpot writes the object: some writing mapping
// targets it. Association mappings fill lookups only on records the
// integration writes anyway (a one-way object, such as Case when tickets
// sync from Salesforce only, gets no association writes either).
func (o *vrObject) writes() bool { return len(o.so.Targets) > 0 }

// vrAnalysis is the shared result.
type vrAnalysis struct {
	Rules []*vrRule
	Users []*vrUser
	Now   time.Time

	org     *metadata.Org
	hs      *hubspotschema.Export
	sync    *SyncModel
	schema  *orgschema.Schema
	objects map[*SyncedObject]*vrObject
	access  *IntegrationAccess
	// compileRule returns the analysis-wide compiled program of a rule.
	compileRule func(*metadata.ValidationRule) (*formula.Program, error)
	reqOnce     sync.Once
	required    map[*SyncedObject]map[string][]*vrRule
}

const vrAnalysisKey = "vr.analysis"

// validationRules returns the shared validation-rule analysis.
func validationRules(p *Pass) *vrAnalysis {
	return p.Shared.Get(vrAnalysisKey, func() any { return buildVRAnalysis(p) }).(*vrAnalysis)
}

func buildVRAnalysis(p *Pass) *vrAnalysis {
	a := &vrAnalysis{org: p.Org, hs: p.HubSpot, sync: p.Sync, schema: formulaSchema(p),
		objects: map[*SyncedObject]*vrObject{}, Now: p.Now(),
		compileRule: func(vr *metadata.ValidationRule) (*formula.Program, error) { return compiledRule(p, vr) }}
	a.Users = integrationUsers(p)
	a.access = integrationAccess(p)
	for _, so := range p.Sync.Objects {
		obj := &vrObject{so: so, written: map[string]*vrWritten{}}
		for _, t := range so.Targets {
			w := obj.field(t.Ref.Field)
			w.targets = append(w.targets, t)
		}
		for _, at := range p.Sync.Associations {
			if at.Mapping.Salesforce.Object != "" && strings.EqualFold(at.Mapping.Salesforce.Object, so.Name) && at.To != nil {
				w := obj.field(at.Mapping.Salesforce.Field)
				w.assocs = append(w.assocs, at)
			}
		}
		a.objects[so] = obj
		if so.Object == nil {
			continue
		}
		for _, vr := range so.Object.ValidationRules {
			r := &vrRule{VR: vr, SO: so, obj: obj}
			a.Rules = append(a.Rules, r)
		}
	}
	a.analyzeAll()
	return a
}

func (o *vrObject) field(name string) *vrWritten {
	k := strings.ToLower(name)
	w := o.written[k]
	if w == nil {
		w = &vrWritten{Field: name}
		o.written[k] = w
	}
	return w
}

// analyzeAll compiles and analyses the rules on all cores.
func (a *vrAnalysis) analyzeAll() {
	parallel(len(a.Rules), func(i int) { a.analyze(a.Rules[i]) })
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(n, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// compile compiles the rule's formula against the org's schema.
func (a *vrAnalysis) compile(r *vrRule) {
	if strings.TrimSpace(r.VR.Formula) == "" {
		r.Err = &formula.Error{Pos: formula.Position{Line: 1, Col: 1}, Msg: "the rule has no errorConditionFormula"}
		return
	}
	prog, err := a.compileRule(r.VR)
	if err != nil {
		r.Err = err
		return
	}
	if prog.Type != formula.TypeBoolean {
		r.Err = &formula.Error{Pos: prog.Checked.Root.Start(), End: prog.Checked.Root.End(),
			Msg: "the formula is of type " + prog.Type.String() + "; a validation rule's formula must be a checkbox (true/false) formula"}
		return
	}
	r.Prog = prog
}

func (a *vrAnalysis) analyze(r *vrRule) {
	defer func() {
		if rec := recover(); rec != nil {
			r.V = vrVerdict{Status: vrMayBlock, Severity: Warning, Reason: "internal error while analysing the rule (please report this)"}
		}
	}()
	if !r.VR.Active {
		r.V = vrVerdict{Status: vrInactive, Reason: "inactive"}
		return
	}
	if !r.obj.writes() {
		r.V = vrVerdict{Status: vrNotWritten, Reason: "no two-way or prefer-Salesforce mapping writes a field of " + r.SO.Name + ": the integration never creates or updates it"}
		return
	}
	a.compile(r)
	if r.Err != nil {
		r.V = vrVerdict{Status: vrInvalid, Reason: "the formula does not compile: " + r.Err.Error()}
		return
	}
	var modes []formula.Mode
	if r.SO.Creates {
		modes = append(modes, formula.ModeCreate)
	}
	if r.SO.Updates {
		modes = append(modes, formula.ModeUpdate)
	}
	var reasons []string
	var bound *vrVerdict
	evals := 0
	if a.neverFires(r) {
		r.V = vrVerdict{Status: vrSkipped, Reason: "the formula is FALSE whatever the record and the running user hold: the rule never fires (for example ISNULL of a text or lookup field is always FALSE: [DOC] ISNULL)"}
		return
	}
	for _, u := range a.Users {
		gl := u.globals(r.Prog)
		if why := a.switchExemption(r, gl); why != "" {
			r.V = vrVerdict{Status: vrSkipped, Reason: why, Globals: gl, User: u}
			return
		}
		if a.exempt(r, gl, nil, false) {
			if a.exempt(r, gl, nil, true) {
				reasons = append(reasons, "the integration user is exempt: with "+knownGlobalText(gl)+" the formula is FALSE whatever the record holds")
			} else {
				reasons = append(reasons, a.singledOutReason(r, gl))
			}
			continue
		}
		var found *vrVerdict
		for _, m := range modes {
			if m == formula.ModeUpdate && !a.updateCanChange(r) {
				reasons = append(reasons, "on update it reads only fields HubSpot never writes ("+strings.Join(a.unwrittenReads(r), ", ")+"): their values are those of the last save, which passed the rule")
				continue
			}
			res := a.search(r, m, u, gl)
			evals += res.evals
			switch {
			case res.witness != nil:
				if found == nil {
					v := *res.witness
					found = &v
				}
				if m == formula.ModeCreate {
					found.CreateReachable = true
				} else {
					found.UpdateReachable = true
				}
			case res.hitBudget:
				if bound == nil {
					bound = &vrVerdict{Status: vrMayBlock, Severity: Warning, User: u, Mode: m, Globals: gl,
						Reason: "the search stopped after " + itoa(vrSearchBudget) + " partial evaluations on " + modeName(m) + " without deciding (too many combinations of " + strings.Join(res.slotNames, ", ") + ")"}
				}
			default:
				reasons = append(reasons, res.reason)
			}
		}
		if found != nil {
			found.Evals = evals
			r.V = *found
			a.unknownGlobalNotes(r, gl)
			return
		}
	}
	if bound != nil {
		bound.Evals = evals
		r.V = *bound
		return
	}
	r.V = vrVerdict{Status: vrSkipped, Reason: joinReasons(reasons), Evals: evals}
}

func joinReasons(rs []string) string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return "no write HubSpot can make trips it"
	}
	return strings.Join(out, "; ")
}

func modeName(m formula.Mode) string {
	if m == formula.ModeCreate {
		return "create"
	}
	return "update"
}

func itoa(n int) string { return formatInt(int64(n)) }

func formatInt(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [24]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// knownGlobalText lists the known globals of a user for messages.
func knownGlobalText(gl []vrGlobal) string {
	var parts []string
	for _, g := range gl {
		if g.Class == globalKnown {
			parts = append(parts, g.Path+" = "+renderValue(g.Value))
		}
	}
	if len(parts) == 0 {
		return "the integration user's globals"
	}
	return strings.Join(parts, ", ")
}

// unknownGlobalText lists the globals whose values are assumed.
func unknownGlobalText(gl []vrGlobal) string {
	var parts []string
	for _, g := range gl {
		if g.Class != globalKnown {
			parts = append(parts, g.Path+" = "+renderValue(g.Value))
		}
	}
	return strings.Join(parts, ", ")
}

func renderValue(v formula.Value) string {
	switch v.Kind {
	case formula.KindNull:
		return "blank"
	case formula.KindText:
		if v.Str == "" {
			return "blank"
		}
		return `"` + v.Str + `"`
	case formula.KindBool:
		if v.Bool {
			return "TRUE"
		}
		return "FALSE"
	}
	return v.String()
}

// setGlobals binds a user's globals (known and unknown, at their values).
func setGlobals(act *formula.Activation, gl []vrGlobal) {
	for _, g := range gl {
		act.Set(g.Path, g.Value)
	}
}

// exempt reports whether the formula is FALSE for the user's globals with
// every record value (and the mode) unknown. override replaces some
// globals' values; with leaveUnknown, globals synclint does not know
// (switches and unknown globals) stay unknown instead of taking the values
// assumed for them.
func (a *vrAnalysis) exempt(r *vrRule, gl []vrGlobal, override map[string]formula.Value, leaveUnknown bool) bool {
	act := r.Prog.NewActivation()
	act.SetNow(a.Now)
	act.SetClone(false)
	for _, g := range gl {
		if v, ok := override[g.Path]; ok {
			act.Set(g.Path, v)
			continue
		}
		if leaveUnknown && g.Class != globalKnown {
			continue
		}
		act.Set(g.Path, g.Value)
	}
	out, err := r.Prog.PartialOutcome(act)
	return err == nil && out == formula.OutcomeFalse
}

// neverFires reports whether the formula is FALSE with every input unknown.
func (a *vrAnalysis) neverFires(r *vrRule) bool {
	act := r.Prog.NewActivation()
	out, err := r.Prog.PartialOutcome(act)
	return err == nil && out == formula.OutcomeFalse
}

// globalCandidates returns, per global of the given classes, the values
// worth trying: the constants the formula compares that global with
// (=, <>, ISPICKVAL, CASE, BEGINS, CONTAINS), true and false for
// checkboxes, and for a global compared with another global ($User.Username
// <> $Label.Integration_User) the integration users' names and profile.
func (a *vrAnalysis) globalCandidates(r *vrRule, gl []vrGlobal, classes ...globalClass) map[string][]formula.Value {
	want := map[globalClass]bool{}
	for _, c := range classes {
		want[c] = true
	}
	c := r.Prog.Checked
	globalOf := func(n formula.Node) string {
		for {
			switch x := n.(type) {
			case *formula.Paren:
				n = x.X
				continue
			case *formula.Call:
				// TEXT($UserRole.Name), UPPER(…): look through one-argument wrappers.
				if len(x.Args) == 1 {
					n = x.Args[0]
					continue
				}
			case *formula.Ident:
				if ref := c.Ref(x); ref != nil && ref.Kind == formula.RefGlobal {
					return strings.ToLower(ref.Path)
				}
			}
			return ""
		}
	}
	constOf := func(n formula.Node) (formula.Value, bool) {
		for {
			p, ok := n.(*formula.Paren)
			if !ok {
				break
			}
			n = p.X
		}
		switch x := n.(type) {
		case *formula.StringLit:
			return formula.Text(x.Value), true
		case *formula.NumberLit:
			return formula.Number(x.Value), true
		case *formula.BoolLit:
			return formula.Bool(x.Value), true
		}
		return formula.Value{}, false
	}
	lits := map[string][]formula.Value{}
	versusGlobal := map[string]bool{}
	pair := func(l, r formula.Node) {
		if g := globalOf(l); g != "" {
			if v, ok := constOf(r); ok {
				lits[g] = append(lits[g], v)
			} else if globalOf(r) != "" {
				versusGlobal[g] = true
			}
		}
	}
	formula.Walk(c.Root, func(n formula.Node) bool {
		switch x := n.(type) {
		case *formula.Binary:
			pair(x.X, x.Y)
			pair(x.Y, x.X)
		case *formula.Call:
			switch x.Upper() {
			case "ISPICKVAL", "BEGINS", "CONTAINS", "INCLUDES":
				if len(x.Args) == 2 {
					pair(x.Args[0], x.Args[1])
				}
			case "CASE":
				for i := 1; i+1 < len(x.Args); i += 2 {
					pair(x.Args[0], x.Args[i])
				}
			}
		}
		return true
	})
	out := map[string][]formula.Value{}
	for _, g := range gl {
		if !want[g.Class] {
			continue
		}
		key := strings.ToLower(g.Path)
		var c candSet
		if g.Type == formula.TypeBoolean {
			c.add(formula.Bool(true), "", false)
			c.add(formula.Bool(false), "", false)
		}
		for _, v := range lits[key] {
			if cv, ok := coerce(v, g.Type); ok {
				c.add(cv, "", false)
			}
		}
		if versusGlobal[key] || len(c.list) == 0 {
			for _, u := range a.Users {
				if u.Username != "" {
					c.add(formula.Text(u.Username), "", false)
				}
				if u.Profile != "" {
					c.add(formula.Text(u.Profile), "", false)
				}
			}
		}
		var vs []formula.Value
		for _, x := range c.list {
			vs = append(vs, x.V)
		}
		if len(vs) > 0 {
			out[g.Path] = vs
		}
	}
	return out
}

// exemptingAssignments describes the smallest assignments of the given
// unknown globals (one global, then two) that exempt the user, the other
// globals keeping their assumed values; at most three are returned.
func (a *vrAnalysis) exemptingAssignments(r *vrRule, gl []vrGlobal, classes ...globalClass) []string {
	return a.globalAssignments(r, gl, true, classes...)
}

// globalAssignments enumerates single values, then pairs, of the unknown
// globals and keeps those under which the user is exempt (exempting) or
// is not (firing), in the same minimal form.
func (a *vrAnalysis) globalAssignments(r *vrRule, gl []vrGlobal, exempting bool, classes ...globalClass) []string {
	cands := a.globalCandidates(r, gl, classes...)
	var paths []string
	for p := range cands {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []string
	tried := 0
	try := func(assign map[string]formula.Value, desc string) {
		if len(out) >= 3 || tried >= 256 {
			return
		}
		tried++
		if a.exempt(r, gl, assign, false) == exempting {
			out = append(out, desc)
		}
	}
	for _, p := range paths {
		for _, v := range cands[p] {
			try(map[string]formula.Value{p: v}, p+" = "+renderValue(v))
		}
	}
	if len(out) > 0 || !exempting {
		return out
	}
	for i, p := range paths {
		for _, q := range paths[i+1:] {
			for _, v := range cands[p] {
				for _, w := range cands[q] {
					try(map[string]formula.Value{p: v, q: w}, p+" = "+renderValue(v)+" and "+q+" = "+renderValue(w))
				}
			}
		}
	}
	return out
}

// switchExemption explains a rule a custom setting or custom metadata
// switch can turn off for the integration user, or returns "".
func (a *vrAnalysis) switchExemption(r *vrRule, gl []vrGlobal) string {
	has := false
	for _, g := range gl {
		if g.Class == globalSwitch {
			has = true
		}
	}
	if !has {
		return ""
	}
	ways := a.exemptingAssignments(r, gl, globalSwitch)
	if len(ways) == 0 {
		return ""
	}
	return "bypassed when " + ways[0] + " for the integration user: custom settings and custom metadata are data that no checkout holds, so synclint assumes the switch is set for the integration user (check it: Setup > Custom Settings, or the custom metadata record)"
}

// singledOutReason explains a rule that is FALSE for the values assumed for
// unknown globals: it fires only for the users it names.
func (a *vrAnalysis) singledOutReason(r *vrRule, gl []vrGlobal) string {
	fires := a.globalAssignments(r, gl, false, globalUnknown, globalSwitch)
	var unknown []string
	for _, g := range gl {
		if g.Class != globalKnown {
			unknown = append(unknown, g.Path)
		}
	}
	s := "it fires only for users the rule singles out"
	if len(fires) > 0 {
		s = "it fires only when " + strings.Join(fires, ", or ")
	}
	return s + "; the integration user's " + strings.Join(unknown, ", ") + " is not known to synclint and is taken to match none of them (set integrationProfile / integrationPermissionSets in synclint.yaml)"
}

// unknownGlobalNotes downgrades a reachable verdict that some value of an
// unknown global (a $Label, $UserRole, $Permission without a known
// profile, …) would exempt.
func (a *vrAnalysis) unknownGlobalNotes(r *vrRule, gl []vrGlobal) {
	has := false
	for _, g := range gl {
		if g.Class == globalUnknown {
			has = true
		}
	}
	if !has {
		return
	}
	ways := a.exemptingAssignments(r, gl, globalUnknown)
	if len(ways) == 0 {
		return
	}
	r.V.Severity = Warning
	r.V.Notes = append(r.V.Notes, "blocks unless "+strings.Join(ways, ", or ")+" for the integration user (not known to synclint)")
}

// updateCanChange reports whether an update can change what the rule
// reads: a field HubSpot writes, or anything that makes the rule's value
// differ from the last save's (stateBound).
func (a *vrAnalysis) updateCanChange(r *vrRule) bool {
	for _, fr := range r.Prog.Fields() {
		if !fr.CrossObject && r.obj.written[strings.ToLower(fr.Path)] != nil {
			return true
		}
	}
	return !a.stateBound(r)
}

// stateBound reports whether the rule's value on an update that changes
// none of the fields it reads equals its value at the last save (which
// passed it). That fails when the rule reads the clock (time passes), a
// calculated field (it may change without a write), ISNEW() (TRUE at the
// create, FALSE now: "AND(NOT(ISNEW()), ISBLANK(X))" passes at the create
// and fails at the next update) or PRIORVALUE (the prior value of the last
// save was another one: a field checked then locks every later edit).
func (a *vrAnalysis) stateBound(r *vrRule) bool {
	if readsClock(r.Prog) || a.readsCalculated(r) {
		return false
	}
	bound := true
	formula.Walk(r.Prog.Checked.Root, func(n formula.Node) bool {
		if c, ok := n.(*formula.Call); ok && (c.Upper() == "ISNEW" || c.Upper() == "PRIORVALUE") {
			bound = false
		}
		return bound
	})
	return bound
}

// readsCalculated reports whether the rule reads a formula or roll-up
// summary field of its object (its value may change without a write).
func (a *vrAnalysis) readsCalculated(r *vrRule) bool {
	for _, fr := range r.Prog.Fields() {
		if fr.CrossObject {
			continue
		}
		if f := LookupField(a.org, r.SO.Name, fr.Path); f != nil && (f.Formula != "" || f.Type == metadata.TypeSummary) {
			return true
		}
	}
	return false
}

// readsClock reports whether the formula calls TODAY(), NOW() or TIMENOW().
func readsClock(p *formula.Program) bool {
	clock := false
	formula.Walk(p.Checked.Root, func(n formula.Node) bool {
		if c, ok := n.(*formula.Call); ok {
			switch c.Upper() {
			case "TODAY", "NOW", "TIMENOW":
				clock = true
			}
		}
		return !clock
	})
	return clock
}

// unwrittenReads lists the record fields the rule reads that HubSpot does
// not write.
func (a *vrAnalysis) unwrittenReads(r *vrRule) []string {
	var out []string
	for _, fr := range r.Prog.Fields() {
		if fr.CrossObject || r.obj.written[strings.ToLower(fr.Path)] == nil {
			out = append(out, fr.Path)
		}
	}
	if len(out) == 0 {
		out = append(out, "no field")
	}
	return out
}

// slotKind says what assigning a slot binds.
type slotKind int

const (
	// slotCurrent binds the field's value in the write.
	slotCurrent slotKind = iota
	// slotPrior binds the value before the update.
	slotPrior
	// slotUnchanged binds both to the same value.
	slotUnchanged
	// slotGlobal binds a global ($RecordType.*).
	slotGlobal
)

// vrSlot is one input of the search.
type vrSlot struct {
	Path  string
	Kind  slotKind
	Cands []vrCand
	// cur is the index of the slotCurrent a slotPrior belongs to.
	cur int
}

// vrFixed is an input with one value (unwritten field on create).
type vrFixed struct {
	Path string
	V    formula.Value
	Src  string
}

type searchResult struct {
	witness   *vrVerdict
	hitBudget bool
	evals     int
	reason    string
	slotNames []string
}

// buildSlots lays out the search for one rule, mode and user.
func (a *vrAnalysis) buildSlots(r *vrRule, m formula.Mode) (slots []*vrSlot, fixed []vrFixed, notes []string) {
	lits := r.Prog.Literals()
	litsFor := func(path string) []formula.Comparison {
		for k, v := range lits {
			if strings.EqualFold(k, path) {
				return v
			}
		}
		return nil
	}
	for _, fr := range r.Prog.Fields() {
		cmps := litsFor(fr.Path)
		if fr.CrossObject {
			f := a.relatedField(fr)
			src := "existing value on the related " + relationName(fr.Path)
			var cands []vrCand
			if isRecordTypePath(fr.Path) {
				cands = a.recordTypeCands(r, fr.Path, m)
			} else {
				cands = existingCands(a.org, f, fr.Field, cmps, a.Now, src)
			}
			slots = append(slots, &vrSlot{Path: fr.Path, Kind: slotCurrent, Cands: cands})
			continue
		}
		f := LookupField(a.org, r.SO.Name, fr.Path)
		w := r.obj.written[strings.ToLower(fr.Path)]
		if v, src, ok := fixedSystemValue(r.SO.Name, fr.Path); ok && w == nil {
			fixed = append(fixed, vrFixed{Path: fr.Path, V: v, Src: src})
			continue
		}
		if m == formula.ModeCreate {
			switch {
			case w != nil:
				slots = append(slots, &vrSlot{Path: fr.Path, Kind: slotCurrent, Cands: hubspotCands(a.hs, w, fr.Field, cmps, a.Now)})
			default:
				v, src, known := createValue(a.org, f, fr.Field.Type, a.Now, a.Users[0])
				if known {
					fixed = append(fixed, vrFixed{Path: fr.Path, V: v, Src: src})
					continue
				}
				notes = append(notes, fr.Path+" is "+src+": any value was tried")
				slots = append(slots, &vrSlot{Path: fr.Path, Kind: slotCurrent, Cands: existingCands(a.org, f, fr.Field, cmps, a.Now, src)})
			}
			continue
		}
		existing := existingCands(a.org, f, fr.Field, cmps, a.Now, "existing value")
		if w == nil {
			slots = append(slots, &vrSlot{Path: fr.Path, Kind: slotUnchanged, Cands: existing})
			continue
		}
		var cs candSet
		for _, c := range hubspotCands(a.hs, w, fr.Field, cmps, a.Now) {
			cs.add(c.V, c.Src, true)
		}
		for _, c := range existing {
			cs.add(c.V, "existing value (not sent)", false)
		}
		slots = append(slots, &vrSlot{Path: fr.Path, Kind: slotCurrent, Cands: cs.list})
		if fr.Prior {
			slots = append(slots, &vrSlot{Path: fr.Path, Kind: slotPrior, Cands: existing, cur: len(slots) - 1})
		}
	}
	for _, g := range r.Prog.Globals() {
		if strings.EqualFold(g.Global, "$RecordType") {
			slots = append(slots, &vrSlot{Path: g.Path, Kind: slotGlobal, Cands: a.recordTypeCands(r, g.Path, m)})
		}
	}
	return slots, fixed, notes
}

// fixedSystemValue returns the value a system field has in every
// integration write: the integration never writes deleted records, and a
// converted lead cannot be updated at all (the API answers
// CANNOT_UPDATE_CONVERTED_LEAD: help.salesforce.com KB 000384333), so
// IsConverted is FALSE on every Lead it creates or updates.
func fixedSystemValue(object, field string) (formula.Value, string, bool) {
	switch strings.ToLower(field) {
	case "isdeleted":
		return formula.Bool(false), "FALSE (the integration writes no deleted record)", true
	case "isconverted":
		if strings.EqualFold(object, "Lead") {
			return formula.Bool(false), "FALSE (converted leads cannot be written)", true
		}
	}
	return formula.Value{}, "", false
}

func relationName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i > 0 {
		return path[:i]
	}
	return path
}

func isRecordTypePath(path string) bool {
	l := strings.ToLower(path)
	return strings.HasPrefix(l, "recordtype.") || strings.HasPrefix(l, "$recordtype.")
}

// relatedField resolves the final field of a cross-object reference.
func (a *vrAnalysis) relatedField(fr formula.FieldRef) *metadata.Field {
	if fr.Object == "" {
		return nil
	}
	name := fr.Field.Name
	if name == "" {
		name = fr.Path[strings.LastIndexByte(fr.Path, '.')+1:]
	}
	return LookupField(a.org, fr.Object, name)
}

// recordTypeCands are the record types a record can have: on create the
// integration user's default record type when the profile says it, else
// any active record type of the object.
func (a *vrAnalysis) recordTypeCands(r *vrRule, path string, m formula.Mode) []vrCand {
	var c candSet
	attr := strings.ToLower(path[strings.LastIndexByte(path, '.')+1:])
	value := func(rt *metadata.RecordType) formula.Value {
		switch attr {
		case "name":
			if rt.Label != "" {
				return formula.Text(rt.Label)
			}
			return formula.Text(rt.Name)
		case "developername":
			return formula.Text(rt.Name)
		}
		return formula.Text(placeholderRecordID)
	}
	obj := r.SO.Object
	if obj == nil {
		return []vrCand{{V: formula.Null(), Src: "record type"}}
	}
	if m == formula.ModeCreate && a.access != nil && a.access.Profile != nil {
		if def := a.access.Profile.DefaultRecordTypes[strings.ToLower(obj.Name)]; def != "" {
			for _, rt := range obj.RecordTypes {
				if strings.EqualFold(rt.Name, def) || strings.EqualFold(obj.Name+"."+rt.Name, def) {
					c.add(value(rt), "default record type of profile "+a.access.Profile.Name, false)
					return c.list
				}
			}
		}
	}
	for _, rt := range obj.RecordTypes {
		if rt.Active {
			c.add(value(rt), "record type", false)
		}
	}
	if len(obj.RecordTypes) == 0 {
		c.add(formula.Null(), "no record types", false)
	}
	return c.list
}

// search looks for a witness of one rule in one mode for one user.
func (a *vrAnalysis) search(r *vrRule, m formula.Mode, u *vrUser, gl []vrGlobal) searchResult {
	slots, fixed, notes := a.buildSlots(r, m)
	act := r.Prog.NewActivation()
	act.SetNow(a.Now)
	act.SetClone(false)
	act.SetMode(m)
	setGlobals(act, gl)
	for _, f := range fixed {
		act.Set(f.Path, f.V)
	}
	s := &vrSearch{prog: r.Prog, act: act, slots: slots, chosen: make([]vrCand, len(slots)), budget: vrSearchBudget}
	// An update that changes nothing the rule reads leaves it as the last
	// save did, which passed it.
	s.needSent = m == formula.ModeUpdate && a.stateBound(r)
	ok := s.run(0)
	res := searchResult{evals: s.evals, hitBudget: s.hitBudget}
	for _, sl := range slots {
		res.slotNames = append(res.slotNames, sl.Path)
	}
	if !ok {
		if !s.hitBudget {
			res.reason = a.noWitnessReason(r, m, fixed, s.evals == 1)
		}
		return res
	}
	in := &vrInput{Mode: m, Values: map[string]formula.Value{}, Prior: map[string]formula.Value{}, Globals: map[string]formula.Value{}, Now: a.Now}
	wit := &Witness{Mode: modeName(m), User: u.display()}
	for _, g := range gl {
		in.Globals[g.Path] = g.Value
	}
	for _, f := range fixed {
		in.Values[f.Path] = f.V
		wit.Values = append(wit.Values, witnessValue(f.Path, f.V, f.Src))
	}
	for i, sl := range slots {
		c := s.chosen[i]
		switch sl.Kind {
		case slotPrior:
			in.Prior[sl.Path] = c.V
			wit.Prior = append(wit.Prior, witnessValue(sl.Path, c.V, c.Src))
		case slotUnchanged:
			in.Values[sl.Path] = c.V
			in.Prior[sl.Path] = c.V
			wit.Values = append(wit.Values, witnessValue(sl.Path, c.V, c.Src))
		default:
			in.Values[sl.Path] = c.V
			wit.Values = append(wit.Values, witnessValue(sl.Path, c.V, c.Src))
		}
	}
	v := &vrVerdict{Status: vrReachable, Severity: Error, User: u, Mode: m, Witness: wit, Input: in, Globals: gl, Notes: notes}
	if len(notes) > 0 {
		v.Severity = Warning
	}
	res.witness = v
	return res
}

func witnessValue(field string, v formula.Value, src string) WitnessValue {
	return WitnessValue{Field: field, Value: v.String(), Blank: v.IsNull() || (v.Kind == formula.KindText && v.Str == ""), Source: src}
}

// noWitnessReason explains a search that found nothing.
func (a *vrAnalysis) noWitnessReason(r *vrRule, m formula.Mode, fixed []vrFixed, atRoot bool) string {
	if atRoot {
		ctx := []string{"ISNEW() is FALSE"}
		if m == formula.ModeCreate {
			ctx[0] = "ISNEW() is TRUE"
		}
		for _, f := range fixed {
			ctx = append(ctx, f.Path+" is "+f.Src)
		}
		return "on " + modeName(m) + " it cannot be TRUE (" + strings.Join(ctx, ", ") + ")"
	}
	return "no value HubSpot can send on " + modeName(m) + " makes it TRUE (every combination of the values tried was decided FALSE)"
}

// vrSearch is the depth-first search over slots.
type vrSearch struct {
	prog      *formula.Program
	act       *formula.Activation
	slots     []*vrSlot
	chosen    []vrCand
	evals     int
	budget    int
	hitBudget bool
	// needSent requires a witness to change a value HubSpot sends.
	needSent bool
}

func (s *vrSearch) apply(sl *vrSlot, c vrCand) {
	switch sl.Kind {
	case slotPrior:
		s.act.SetPrior(sl.Path, c.V)
	case slotUnchanged:
		s.act.Set(sl.Path, c.V)
		s.act.SetPrior(sl.Path, c.V)
	default:
		s.act.Set(sl.Path, c.V)
	}
}

func (s *vrSearch) undo(sl *vrSlot) {
	switch sl.Kind {
	case slotPrior:
		s.act.SetUnknown(sl.Path, true)
	case slotUnchanged:
		s.act.SetUnknown(sl.Path, false)
		s.act.SetUnknown(sl.Path, true)
	default:
		s.act.SetUnknown(sl.Path, false)
	}
}

// candsFor returns the candidates of slot i, given earlier choices: the
// prior value of a field HubSpot did not change is its current value.
func (s *vrSearch) candsFor(i int) []vrCand {
	sl := s.slots[i]
	if sl.Kind == slotPrior {
		if cur := s.chosen[sl.cur]; !cur.HS {
			return []vrCand{{V: cur.V, Src: "unchanged", HS: false}}
		}
	}
	return sl.Cands
}

func (s *vrSearch) run(level int) bool {
	if s.evals >= s.budget {
		s.hitBudget = true
		return false
	}
	s.evals++
	out, err := s.prog.PartialOutcome(s.act)
	if err != nil {
		// A runtime error on the known values: the rule does not fire
		// on this branch.
		return false
	}
	switch out {
	case formula.OutcomeFalse:
		return false
	case formula.OutcomeTrue:
		if s.complete(level) {
			return true
		}
	}
	if level == len(s.slots) {
		return false
	}
	sl := s.slots[level]
	for _, c := range s.candsFor(level) {
		s.apply(sl, c)
		s.chosen[level] = c
		if s.run(level + 1) {
			return true
		}
		if s.hitBudget {
			break
		}
	}
	s.undo(sl)
	return false
}

// complete assigns the remaining slots their first candidates and checks
// the witness by full evaluation.
func (s *vrSearch) complete(level int) bool {
	for i := level; i < len(s.slots); i++ {
		cs := s.candsFor(i)
		if len(cs) == 0 {
			return false
		}
		s.apply(s.slots[i], cs[0])
		s.chosen[i] = cs[0]
	}
	sent := !s.needSent
	for i, sl := range s.slots {
		if sl.Kind == slotCurrent && s.chosen[i].HS {
			sent = true
		}
	}
	if sent {
		if fires, err := s.prog.Fires(s.act); err == nil && fires {
			return true
		}
	}
	for i := len(s.slots) - 1; i >= level; i-- {
		s.undo(s.slots[i])
	}
	return false
}
