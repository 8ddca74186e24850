package formula

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// Options configure Compile.
type Options struct {
	// Object is the object whose records the formula reads.
	Object string
	// Schema resolves field types; nil makes every field dynamic.
	Schema Schema
	// BlankAsZero compiles every number field reference as NULLVALUE(f, 0):
	// the "Treat blank fields as zeroes" setting of formula fields.
	// Validation rules always treat blanks as blanks (leave it false).
	BlankAsZero bool
	// AllowLong skips the 3,900-character limit.
	AllowLong bool
}

// CheckError is returned by Compile when the formula does not type-check.
type CheckError struct {
	Diagnostics []Diagnostic
}

// Error joins the error diagnostics.
func (e *CheckError) Error() string {
	var msgs []string
	for _, d := range e.Diagnostics {
		if d.Severity == SeverityError {
			msgs = append(msgs, d.Error())
		}
	}
	return strings.Join(msgs, "; ")
}

// First returns the first error diagnostic.
func (e *CheckError) First() Diagnostic {
	for _, d := range e.Diagnostics {
		if d.Severity == SeverityError {
			return d
		}
	}
	return Diagnostic{}
}

// EvalError is a Salesforce runtime error (division by zero, VALUE("abc"),
// an invalid DATE, an invalid REGEX pattern, …): a third outcome besides
// TRUE/FALSE/NULL. A validation rule that throws does not fire.
type EvalError struct{ Msg string }

// Error returns the message.
func (e *EvalError) Error() string { return e.Msg }

// maxCELSize bounds the translated CEL text.
const maxCELSize = 256 << 10

// Program is a compiled formula: parse, type check and CEL planning happen
// once; Eval, Fires and Partial may then run concurrently.
type Program struct {
	// Checked is the type-checked formula (AST, types, references).
	Checked *Checked
	// Type is the formula's result type.
	Type Type
	// CEL is the CEL translation of the formula's value; FiresCEL the CEL
	// of "the formula is TRUE" (for boolean formulas).
	CEL      string
	FiresCEL string

	vars   []*variable
	slots  map[string]int // CEL variable name → slot
	lookup map[string]int // lower-case Salesforce path → slot (fields, globals)
	prior  map[string]int // lower-case field path → prior slot
	specs  map[string]int // special variable → slot

	env       *cel.Env
	valueAST  *cel.Ast
	firesAST  *cel.Ast
	valuePrg  cel.Program
	firesPrg  cel.Program
	partOnce  sync.Once
	partValue cel.Program
	partFires cel.Program
	partErr   error
	// outcomeFires is partFires without state tracking: PartialOutcome
	// needs no residual, and tracking costs a map per evaluation.
	outcomeOnce  sync.Once
	outcomeFires cel.Program
	outcomeErr   error
	// patterns holds each variable's unknown-attribute pattern, made once.
	patterns []*interpreter.AttributePattern
	// priorOf maps a field's slot to its prior-value slot (-1: none).
	priorOf []int
}

// Compile parses, type-checks and translates a formula and plans its CEL
// program. Syntax errors are *Error, type errors *CheckError.
func Compile(src string, opts Options) (*Program, error) {
	f, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return CompileParsed(f, opts)
}

// CompileParsed is Compile for an already parsed formula.
func CompileParsed(f *Formula, opts Options) (*Program, error) {
	c := Check(f, CheckOptions{Object: opts.Object, Schema: opts.Schema, AllowLong: opts.AllowLong})
	if c.Err() != nil {
		return nil, &CheckError{Diagnostics: c.Diagnostics}
	}
	return compileChecked(c, opts)
}

func compileChecked(c *Checked, opts Options) (*Program, error) {
	value, fires, tr := translate(c, opts.BlankAsZero)
	if len(value)+len(fires) > maxCELSize {
		// Only pathological nesting gets here (real rules are at most
		// 3,900 characters); it would take CEL long to plan.
		return nil, &CheckError{Diagnostics: []Diagnostic{{Severity: SeverityError, Pos: c.Root.Start(), End: c.Root.End(),
			Message: "formula is too deeply nested to evaluate"}}}
	}
	p := &Program{Checked: c, Type: c.Type, CEL: value, FiresCEL: fires, vars: tr.vars,
		slots: map[string]int{}, lookup: map[string]int{}, prior: map[string]int{}, specs: map[string]int{},
		patterns: make([]*interpreter.AttributePattern, len(tr.vars))}
	for i, v := range tr.vars {
		p.patterns[i] = cel.AttributePattern(v.name)
	}
	base, err := environment()
	if err != nil {
		return nil, err
	}
	decls := make([]cel.EnvOption, 0, len(tr.vars))
	for i, v := range tr.vars {
		decls = append(decls, cel.Variable(v.name, cel.DynType))
		p.slots[v.name] = i
		switch v.kind {
		case varField, varGlobal, varLookup:
			p.lookup[strings.ToLower(v.path)] = i
		case varPrior:
			p.prior[strings.ToLower(v.path)] = i
		case varSpecial:
			p.specs[v.name] = i
		}
	}
	p.priorOf = make([]int, len(tr.vars))
	for i, v := range tr.vars {
		p.priorOf[i] = -1
		if v.kind == varField || v.kind == varGlobal || v.kind == varLookup {
			if j, ok := p.prior[strings.ToLower(v.path)]; ok {
				p.priorOf[i] = j
			}
		}
	}
	env, err := base.Extend(decls...)
	if err != nil {
		return nil, fmt.Errorf("formula: CEL environment: %w", err)
	}
	p.env = env
	if p.valueAST, p.valuePrg, err = plan(env, value); err != nil {
		return nil, err
	}
	if value == fires {
		p.firesAST, p.firesPrg = p.valueAST, p.valuePrg
	} else if p.firesAST, p.firesPrg, err = plan(env, fires); err != nil {
		return nil, err
	}
	return p, nil
}

func plan(env *cel.Env, src string, opts ...cel.ProgramOption) (*cel.Ast, cel.Program, error) {
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		return nil, nil, fmt.Errorf("formula: internal translation error: %v (CEL: %s)", iss.Err(), src)
	}
	if len(opts) == 0 {
		opts = []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
	}
	prg, err := env.Program(ast, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("formula: internal planning error: %v", err)
	}
	return ast, prg, nil
}

// Mode is the save operation a record is evaluated for.
type Mode int

// Modes: ISNEW() is TRUE on create; ISCHANGED is FALSE and PRIORVALUE is
// the current value on create ([DOC] ISNEW, ISCHANGED, PRIORVALUE).
const (
	ModeCreate Mode = iota
	ModeUpdate
)

// Input is one evaluation's data, keyed by Salesforce reference as written
// in formulas (case-insensitive): "Amount", "Account.Name",
// "$User.Username", "$Setup.Bypass__c.Active__c", "$Permission.Bypass".
type Input struct {
	Record map[string]Value
	// Prior holds the values before the update (ModeUpdate); fields missing
	// from Prior are taken as unchanged.
	Prior map[string]Value
	// Globals may also be given in Record.
	Globals map[string]Value
	Mode    Mode
	IsClone bool
	// Now fixes TODAY(), NOW() and TIMENOW() (TODAY is Now's date in Now's
	// location); zero means the current time.
	Now time.Time
}

// Activation holds the values of one evaluation in slots (no map per
// evaluation). It implements cel-go's interpreter.Activation. Reuse it with
// Reset; it is not safe for concurrent use.
type Activation struct {
	p     *Program
	vals  []ref.Val
	known []bool
	// priorSet marks prior slots given explicitly.
	priorSet []bool
	patterns []*interpreter.AttributePattern
}

// NewActivation returns an activation with every field blank, ISNEW()
// FALSE (update) and no time set.
func (p *Program) NewActivation() *Activation {
	a := &Activation{p: p, vals: make([]ref.Val, len(p.vars)), known: make([]bool, len(p.vars)), priorSet: make([]bool, len(p.vars))}
	a.Reset()
	return a
}

// Reset makes every value blank and unknown again.
func (a *Activation) Reset() {
	for i, v := range a.p.vars {
		a.vals[i] = Null().toCEL(v.typ, false)
		a.known[i] = false
		a.priorSet[i] = false
	}
	a.patterns = a.patterns[:0]
}

// Set binds a field or global by its Salesforce reference. It reports
// whether the formula reads that name.
func (a *Activation) Set(name string, v Value) bool {
	key := strings.ToLower(name)
	i, ok := a.p.lookup[key]
	if !ok {
		return false
	}
	vr := a.p.vars[i]
	a.vals[i] = vr.bind(v)
	a.known[i] = true
	if j, ok := a.p.prior[key]; ok && !a.priorSet[j] {
		// Until a prior value is given, the field is unchanged.
		a.vals[j] = a.vals[i]
	}
	return true
}

// SetUnknown makes a field or global (or, with prior, its value before the
// update) unknown for Partial, even if a value was set.
func (a *Activation) SetUnknown(name string, prior bool) bool {
	m := a.p.lookup
	if prior {
		m = a.p.prior
	}
	i, ok := m[strings.ToLower(name)]
	if !ok {
		return false
	}
	a.known[i] = false
	return true
}

// SetPrior binds the value a field had before the update.
func (a *Activation) SetPrior(name string, v Value) bool {
	j, ok := a.p.prior[strings.ToLower(name)]
	if !ok {
		return false
	}
	vr := a.p.vars[j]
	a.vals[j] = vr.bind(v)
	a.known[j] = true
	a.priorSet[j] = true
	return true
}

func (a *Activation) setSpecial(name string, v ref.Val) {
	if i, ok := a.p.specs[name]; ok {
		a.vals[i] = v
		a.known[i] = true
	}
}

// bind converts a value for the variable. Record Ids are seen in their
// 15-character form in formulas (rules compare OwnerId with 15-character
// literals and CASESAFEID exists to get the 18-character form;
// formula-language.md §2), so 18-character Ids are cut to 15.
func (vr *variable) bind(v Value) ref.Val {
	if vr.id && v.Kind == KindText && len(v.Str) == 18 && isIDChars(v.Str) {
		v.Str = v.Str[:15]
	}
	return v.toCEL(vr.typ, vr.percent)
}

func isIDChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// SetMode fixes ISNEW().
func (a *Activation) SetMode(m Mode) {
	a.setSpecial(varIsNew, types.Bool(m == ModeCreate))
	if m == ModeCreate {
		for i, v := range a.p.vars {
			if v.kind == varPrior && !a.priorSet[i] {
				a.known[i] = true
			}
		}
	}
}

// SetClone fixes ISCLONE().
func (a *Activation) SetClone(b bool) { a.setSpecial(varIsClone, types.Bool(b)) }

// SetNow fixes TODAY(), NOW() and TIMENOW().
func (a *Activation) SetNow(t time.Time) {
	y, m, d := t.Date()
	a.setSpecial(varToday, types.Int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400))
	a.setSpecial(varNow, types.Timestamp{Time: t.UTC()})
	u := t.UTC()
	a.setSpecial(varTimeNow, timeOf(int64(u.Hour())*3600000+int64(u.Minute())*60000+int64(u.Second())*1000+int64(u.Nanosecond()/1e6)))
}

// ResolveName implements interpreter.Activation.
func (a *Activation) ResolveName(name string) (any, bool) {
	i, ok := a.p.slot(name)
	if !ok {
		return nil, false
	}
	return a.vals[i], true
}

// slot finds a variable's slot: a linear scan beats hashing for the
// handful of variables a rule has.
func (p *Program) slot(name string) (int, bool) {
	if len(p.vars) <= 12 {
		for i, v := range p.vars {
			if len(v.name) == len(name) && v.name == name {
				return i, true
			}
		}
		return 0, false
	}
	i, ok := p.slots[name]
	return i, ok
}

// Parent implements interpreter.Activation.
func (a *Activation) Parent() interpreter.Activation { return nil }

// partialActivation marks the unknown slots for cel-go's partial evaluation.
type partialActivation struct {
	*Activation
}

// ResolveName hides unknown slots.
func (pa partialActivation) ResolveName(name string) (any, bool) {
	i, ok := pa.p.slot(name)
	if !ok || !pa.known[i] {
		return nil, false
	}
	return pa.vals[i], true
}

// UnknownAttributePatterns lists the unknown variables.
func (pa partialActivation) UnknownAttributePatterns() []*interpreter.AttributePattern {
	return pa.patterns
}

// AsPartialActivation lets cel-go find the unknown patterns (it looks for
// this method, not for the PartialActivation interface).
func (pa partialActivation) AsPartialActivation() (interpreter.PartialActivation, bool) {
	return pa, true
}

// Bind builds an activation from an Input.
func (p *Program) Bind(in *Input) *Activation {
	a := p.NewActivation()
	a.bind(in)
	return a
}

func (a *Activation) bind(in *Input) {
	for k, v := range in.Globals {
		a.Set(k, v)
	}
	for k, v := range in.Record {
		a.Set(k, v)
	}
	for k, v := range in.Prior {
		a.SetPrior(k, v)
	}
	a.SetMode(in.Mode)
	a.SetClone(in.IsClone)
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	a.SetNow(now)
}

// Eval evaluates the formula's value. A boolean formula yields Bool or
// Null (NULL does not fire a rule); a runtime error is an *EvalError.
func (p *Program) Eval(in *Input) (Value, error) {
	return p.EvalActivation(p.Bind(in))
}

// EvalActivation evaluates the formula's value on a prepared activation.
// Unset fields are blank.
func (p *Program) EvalActivation(a *Activation) (Value, error) {
	out, _, err := p.valuePrg.Eval(a)
	if err != nil {
		return Null(), &EvalError{Msg: err.Error()}
	}
	v, err := fromCEL(out)
	if err != nil {
		return Null(), &EvalError{Msg: err.Error()}
	}
	return v, nil
}

// Fires reports whether a boolean formula is TRUE (the validation rule
// blocks the save). It is the fastest evaluation path.
func (p *Program) Fires(a *Activation) (bool, error) {
	out, _, err := p.firesPrg.Eval(a)
	if err != nil {
		return false, &EvalError{Msg: err.Error()}
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, &EvalError{Msg: fmt.Sprintf("formula is not a checkbox formula (result %s)", out.Type())}
	}
	return bool(b), nil
}

// Outcome is a three-valued partial-evaluation outcome.
type Outcome int

// Partial evaluation outcomes.
const (
	OutcomeFalse Outcome = iota
	OutcomeTrue
	OutcomeUnknown
)

// String names the outcome.
func (o Outcome) String() string { return [...]string{"false", "true", "unknown"}[o] }

// PartialResult is the result of a partial evaluation.
type PartialResult struct {
	// Outcome of "the formula is TRUE": decided or unknown.
	Outcome Outcome
	// Residual is the CEL condition left when Outcome is unknown.
	Residual string
	// Unknown lists the Salesforce references the residual still reads
	// (prior values as "PRIORVALUE(Field)", ISNEW() as "ISNEW()", the clock
	// as "NOW()").
	Unknown []string
}

func (p *Program) partialPrograms() error {
	p.partOnce.Do(func() {
		opt := cel.EvalOptions(cel.OptPartialEval, cel.OptTrackState)
		if _, p.partFires, p.partErr = plan(p.env, p.FiresCEL, opt); p.partErr != nil {
			return
		}
		_, p.partValue, p.partErr = plan(p.env, p.CEL, opt)
	})
	return p.partErr
}

// PartialOutcome is Partial without the residual: the fast path for a
// search that evaluates many assignments of known values, and for the
// records pass. It plans its own program without state tracking (which
// costs a map and its entries per evaluation), once.
func (p *Program) PartialOutcome(a *Activation) (Outcome, error) {
	p.outcomeOnce.Do(func() {
		_, p.outcomeFires, p.outcomeErr = plan(p.env, p.FiresCEL, cel.EvalOptions(cel.OptPartialEval))
	})
	if p.outcomeErr != nil {
		return OutcomeUnknown, p.outcomeErr
	}
	out, _, err := p.evalPartial(p.outcomeFires, a)
	return out, err
}

func (p *Program) partialEval(a *Activation) (Outcome, *cel.EvalDetails, error) {
	if err := p.partialPrograms(); err != nil {
		return OutcomeUnknown, nil, err
	}
	return p.evalPartial(p.partFires, a)
}

func (p *Program) evalPartial(prg cel.Program, a *Activation) (Outcome, *cel.EvalDetails, error) {
	a.patterns = a.patterns[:0]
	for i := range p.vars {
		if !a.known[i] {
			a.patterns = append(a.patterns, p.patterns[i])
		}
	}
	out, det, err := prg.Eval(partialActivation{a})
	switch {
	case out == types.True:
		return OutcomeTrue, det, nil
	case out == types.False:
		return OutcomeFalse, det, nil
	case types.IsUnknown(out):
		return OutcomeUnknown, det, nil
	case err != nil:
		return OutcomeUnknown, det, &EvalError{Msg: err.Error()}
	}
	return OutcomeUnknown, det, &EvalError{Msg: fmt.Sprintf("unexpected partial result %v", out)}
}

// Partial evaluates "the formula is TRUE" with every value not set on the
// activation (or marked with SetUnknown) unknown, by cel-go partial
// evaluation: OutcomeFalse means the formula cannot be TRUE whatever the
// unknown values are, OutcomeTrue that it is TRUE whatever they are. An
// unknown outcome comes with the residual condition and the references it
// still reads. A runtime error on the known values is an *EvalError.
func (p *Program) Partial(a *Activation) (PartialResult, error) {
	outcome, det, err := p.partialEval(a)
	if err != nil {
		return PartialResult{}, err
	}
	if outcome != OutcomeUnknown {
		return PartialResult{Outcome: outcome}, nil
	}
	res := PartialResult{Outcome: OutcomeUnknown}
	if resAST, err := p.env.ResidualAst(p.firesAST, det); err == nil {
		if txt, err := cel.AstToString(resAST); err == nil {
			res.Residual = txt
		}
	}
	res.Unknown = p.unknownIn(res.Residual, a)
	return res, nil
}

// unknownIn lists the unknown variables the residual mentions.
func (p *Program) unknownIn(residual string, a *Activation) []string {
	var out []string
	for i, v := range p.vars {
		if a.known[i] || !containsIdent(residual, v.name) {
			continue
		}
		out = append(out, v.display())
	}
	sort.Strings(out)
	return out
}

func (v *variable) display() string {
	switch v.name {
	case varIsNew:
		return "ISNEW()"
	case varIsClone:
		return "ISCLONE()"
	case varToday, varNow, varTimeNow:
		return "NOW()"
	}
	if v.kind == varPrior {
		return "PRIORVALUE(" + v.path + ")"
	}
	return v.path
}

func containsIdent(s, name string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		before := j == 0 || !isCELIdentChar(s[j-1])
		after := end == len(s) || (!isCELIdentChar(s[end]) && s[end] != '.')
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isCELIdentChar(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Exempts decides by partial evaluation whether the formula is FALSE for a
// running user whatever the record holds: the user's globals ($User.*,
// $Profile.*, $UserRole.*, $Permission.*, $Setup.*, $Label.*, …) are
// known, every record field, prior value, ISNEW() and the clock are
// unknown. Globals the formula reads but the map lacks are blank.
func (p *Program) Exempts(globals map[string]Value) (bool, PartialResult, error) {
	a := p.NewActivation()
	for _, v := range p.vars {
		if v.kind == varGlobal {
			a.Set(v.path, Null())
		}
	}
	for k, v := range globals {
		a.Set(k, v)
	}
	res, err := p.Partial(a)
	if err != nil {
		return false, res, err
	}
	return res.Outcome == OutcomeFalse, res, nil
}
