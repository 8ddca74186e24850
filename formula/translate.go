package formula

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The translation to CEL keeps Salesforce's three-valued booleans in
// two-valued CEL (cel-go-notes.md §4): every boolean expression E becomes
// two predicates, T(E) "E is TRUE" and F(E) "E is FALSE"; NULL is neither.
// AND/OR map to CEL && / || on T(·), which keeps short-circuiting and lets
// partial evaluation prune. The rule fires iff T(root).
//
//	AND(a,b)   T: T(a) && T(b)        F: !(T(a) && T(b))   (never NULL)
//	NOT(a)     T: F(a)                F: T(a)             (NOT(NULL) = NULL)
//	IF(c,x,y)  T: T(c) ? T(x) : T(y)  (NULL condition → else)
//	x > y      T: sf_gt(x,y)          F: sf_le(x,y)       (blank number → neither)
//
// Non-boolean values are CEL values (see runtime.go for the representation).

// varKind classifies CEL variables.
type varKind int

const (
	varField varKind = iota
	varPrior
	varGlobal
	varSpecial
	// varLookup is the value of a VLOOKUP call.
	varLookup
)

// variable is one CEL variable of a program.
type variable struct {
	name string // CEL identifier (possibly qualified)
	kind varKind
	// path is the canonical Salesforce reference ("Account.Name",
	// "$User.Username"); for prior values the field's path.
	path string
	typ  Type
	// percent fields read as a fraction.
	percent bool
	// id fields hold record Ids, which formulas see in 15-character form.
	id  bool
	ref *Reference
}

// Special variables.
const (
	varIsNew   = "_IsNew"
	varIsClone = "_IsClone"
	varToday   = "_Today"
	varNow     = "_Now"
	varTimeNow = "_TimeNow"
)

type translator struct {
	c           *Checked
	blankAsZero bool
	vars        []*variable
	byKey       map[string]*variable // lower(kind prefix + path)
	names       map[string]bool
}

var celReserved = map[string]bool{"as": true, "break": true, "const": true, "continue": true, "else": true,
	"false": true, "for": true, "function": true, "if": true, "import": true, "in": true, "let": true,
	"loop": true, "package": true, "namespace": true, "null": true, "return": true, "true": true,
	"var": true, "void": true, "while": true}

// celIdent turns a Salesforce path into a (qualified) CEL identifier:
// "$User.Username" → "_User.Username"; unusable characters become '_'.
func celIdent(path string) string {
	segs := strings.Split(path, ".")
	for i, s := range segs {
		var b strings.Builder
		for j := 0; j < len(s); j++ {
			c := s[j]
			switch {
			case c == '$' && j == 0:
				b.WriteByte('_')
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c >= '0' && c <= '9' && j > 0:
				b.WriteByte(c)
			default:
				b.WriteByte('_')
			}
		}
		seg := b.String()
		if seg == "" || celReserved[seg] || (seg[0] >= '0' && seg[0] <= '9') {
			seg = "_" + seg
		}
		segs[i] = seg
	}
	return strings.Join(segs, ".")
}

func (tr *translator) variable(kind varKind, path string, typ Type, ref *Reference) *variable {
	key := strconv.Itoa(int(kind)) + strings.ToLower(path)
	if v, ok := tr.byKey[key]; ok {
		return v
	}
	var name string
	switch kind {
	case varSpecial:
		name = path
	case varPrior:
		name = "_prior." + celIdent(path)
	default:
		name = celIdent(path)
		if strings.HasPrefix(path, "VLOOKUP(") {
			name = "_vlookup"
		}
	}
	base := strings.ReplaceAll(name, ".", "_")
	for i := 2; tr.names[name] || tr.prefixClash(name); i++ {
		// A flat name ends the clash between a.b and a.b.c (both fields
		// of the formula); the residual then shows the mangled name.
		name = "_" + base + "_" + strconv.Itoa(i)
	}
	tr.names[name] = true
	v := &variable{name: name, kind: kind, path: path, typ: typ, ref: ref}
	if ref != nil {
		v.percent = ref.Field.IsPercent()
		v.id = ref.Field.IsID()
	}
	tr.vars = append(tr.vars, v)
	tr.byKey[key] = v
	return v
}

// prefixClash reports whether name and an existing variable would be
// ambiguous as CEL qualified names (a.b vs a.b.c).
func (tr *translator) prefixClash(name string) bool {
	for n := range tr.names {
		if strings.HasPrefix(n, name+".") || strings.HasPrefix(name, n+".") {
			return true
		}
	}
	return false
}

func (tr *translator) special(name string, typ Type) string {
	return tr.variable(varSpecial, name, typ, nil).name
}

// translate produces the CEL source for the value of the root (V form) and
// for "the rule fires" (T form).
func translate(c *Checked, blankAsZero bool) (value, fires string, tr *translator) {
	tr = &translator{c: c, blankAsZero: blankAsZero, byKey: map[string]*variable{}, names: map[string]bool{}}
	root := c.Root
	if c.Type == TypeBoolean {
		fires = tr.t(root)
		if tr.nullable(root) {
			value = tr.v3(root)
		} else {
			value = fires
		}
		return value, fires, tr
	}
	value = tr.v(root)
	if c.Type == TypeAny {
		// A dynamic root (an undescribed standard field) fires when it
		// is TRUE at run time.
		return value, "sf_is_true(" + value + ")", tr
	}
	return value, "false", tr
}

func (tr *translator) typ(n Node) Type { return tr.c.types[n] }

func isBoolType(t Type) bool { return t == TypeBoolean }

// nullable reports whether a boolean expression can be NULL.
func (tr *translator) nullable(n Node) bool {
	switch n := n.(type) {
	case *Paren:
		return tr.nullable(n.X)
	case *BoolLit:
		return false
	case *NullLit:
		return true
	case *Ident:
		return tr.typ(n) != TypeBoolean
	case *Unary:
		return tr.nullable(n.X)
	case *Binary:
		switch n.Op {
		case OpAnd, OpOr:
			return false
		}
		x, y := tr.typ(n.X), tr.typ(n.Y)
		if isBoolType(x) && isBoolType(y) {
			return tr.nullable(n.X) || tr.nullable(n.Y)
		}
		eq := n.Op == OpEq || n.Op == OpEqEq || n.Op == OpNe || n.Op == OpNeBang
		return !(eq && x == TypeText && y == TypeText)
	case *Call:
		switch n.Upper() {
		case "AND", "OR", "ISBLANK", "ISNULL", "ISNEW", "ISCLONE", "ISCHANGED", "ISPICKVAL", "INCLUDES",
			"REGEX", "ISNUMBER":
			return false
		case "NOT":
			return len(n.Args) != 1 || tr.nullable(n.Args[0])
		case "IF":
			return tr.nullable(n.Args[1]) || tr.nullable(n.Args[2])
		case "CASE":
			for i := 2; i < len(n.Args); i += 2 {
				if tr.nullable(n.Args[i]) {
					return true
				}
			}
			return tr.nullable(n.Args[len(n.Args)-1])
		}
	}
	return true
}

// t translates a boolean expression to "is TRUE".
func (tr *translator) t(n Node) string { return tr.bool(n, true) }

// f translates a boolean expression to "is FALSE".
func (tr *translator) f(n Node) string { return tr.bool(n, false) }

func not(s string) string { return "!" + s }

func paren(s string) string { return "(" + s + ")" }

func (tr *translator) bool(n Node, want bool) string {
	switch n := n.(type) {
	case *Paren:
		return tr.bool(n.X, want)
	case *BoolLit:
		return strconv.FormatBool(n.Value == want)
	case *NullLit:
		return "false"
	case *Ident:
		v := tr.v(n)
		if tr.typ(n) == TypeBoolean {
			if want {
				return v
			}
			return not(v)
		}
		if want {
			return "sf_is_true(" + v + ")"
		}
		return "sf_is_false(" + v + ")"
	case *Unary:
		if n.Op == OpNot || n.Op == OpNotBang {
			return tr.bool(n.X, !want)
		}
	case *Binary:
		return tr.binaryBool(n, want)
	case *Call:
		return tr.callBool(n, want)
	}
	// A non-boolean expression in boolean position (type Any).
	v := tr.v(n)
	if want {
		return "sf_is_true(" + v + ")"
	}
	return "sf_is_false(" + v + ")"
}

func (tr *translator) logical(args []Node, op string, want bool) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = tr.t(a)
	}
	s := paren(strings.Join(parts, " "+op+" "))
	if want {
		return s
	}
	return not(s)
}

var cmpFuncs = map[BinaryOp][2]string{
	OpEq: {"sf_eq", "sf_ne"}, OpEqEq: {"sf_eq", "sf_ne"}, OpNe: {"sf_ne", "sf_eq"}, OpNeBang: {"sf_ne", "sf_eq"},
	OpLt: {"sf_lt", "sf_ge"}, OpGe: {"sf_ge", "sf_lt"}, OpGt: {"sf_gt", "sf_le"}, OpLe: {"sf_le", "sf_gt"},
}

func (tr *translator) binaryBool(n *Binary, want bool) string {
	switch n.Op {
	case OpAnd:
		return tr.logical([]Node{n.X, n.Y}, "&&", want)
	case OpOr:
		return tr.logical([]Node{n.X, n.Y}, "||", want)
	}
	fns, ok := cmpFuncs[n.Op]
	if !ok {
		// An Any-typed arithmetic result in boolean position.
		if want {
			return "sf_is_true(" + tr.v(n) + ")"
		}
		return "sf_is_false(" + tr.v(n) + ")"
	}
	eq := n.Op == OpEq || n.Op == OpEqEq
	ne := n.Op == OpNe || n.Op == OpNeBang
	x, y := tr.typ(n.X), tr.typ(n.Y)
	if (eq || ne) && (isBoolType(x) || isBoolType(y)) && x|y&^(TypeBoolean|TypeAny|TypeNull) == 0 {
		// Boolean equality of three-valued operands, through their
		// three-valued values (a T/F expansion would double the operands
		// at every nesting level).
		call := "sf_eq3(" + tr.v3(n.X) + ", " + tr.v3(n.Y) + ")"
		return three(call, eq == want)
	}
	name := fns[0]
	if !want {
		name = fns[1]
	}
	return name + "(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
}

// three wraps a function returning a three-valued boolean (Bool or null).
func three(call string, want bool) string {
	if want {
		return paren(call + " == true")
	}
	return paren(call + " == false")
}

func (tr *translator) callBool(n *Call, want bool) string {
	name := n.Upper()
	a := n.Args
	pos := func(s string) string {
		if want {
			return s
		}
		return not(s)
	}
	switch name {
	case "AND":
		return tr.logical(a, "&&", want)
	case "OR":
		return tr.logical(a, "||", want)
	case "NOT":
		return tr.bool(a[0], !want)
	case "IF":
		return paren(tr.t(a[0]) + " ? " + tr.bool(a[1], want) + " : " + tr.bool(a[2], want))
	case "CASE":
		return tr.caseExpr(n, func(r Node) string { return tr.bool(r, want) })
	case "ISNEW":
		return pos(tr.special(varIsNew, TypeBoolean))
	case "ISCLONE":
		return pos(tr.special(varIsClone, TypeBoolean))
	case "ISCHANGED":
		id := unparen(a[0]).(*Ident)
		cur := tr.v(id)
		prior := tr.priorVar(id)
		s := paren(not(tr.special(varIsNew, TypeBoolean)) + " && sf_changed(" + cur + ", " + prior + ")")
		return pos(s)
	case "ISBLANK":
		return pos("sf_isblank(" + tr.v(a[0]) + ")")
	case "ISNULL":
		if tr.typ(a[0]) == TypeText {
			// Text is never null (engine FunctionIsNull folds to FALSE).
			return strconv.FormatBool(!want)
		}
		return pos("sf_isnull(" + tr.v(a[0]) + ")")
	case "ISPICKVAL":
		// ISPICKVAL(blank, "") is TRUE: blank compares as "" (engine
		// comparePointwise).
		return pos("sf_eq(" + tr.v(a[0]) + ", " + tr.v(a[1]) + ")")
	case "INCLUDES":
		return pos("sf_includes(" + tr.v(a[0]) + ", " + tr.v(a[1]) + ")")
	case "REGEX":
		return pos("sf_regex(" + tr.v(a[0]) + ", " + tr.v(a[1]) + ")")
	case "ISNUMBER":
		return pos("sf_isnumber(" + tr.v(a[0]) + ")")
	case "BEGINS", "CONTAINS":
		return three("sf_"+strings.ToLower(name)+"("+tr.v(a[0])+", "+tr.v(a[1])+")", want)
	}
	// PRIORVALUE of a checkbox, IFERROR, BLANKVALUE … of booleans, and
	// Any-typed calls: go through the value.
	return three(tr.v(n), want)
}

func (tr *translator) caseExpr(n *Call, result func(Node) string) string {
	a := n.Args
	key := tr.v(a[0])
	var b strings.Builder
	closing := 0
	for i := 1; i+1 < len(a); i += 2 {
		b.WriteString("(sf_eq(" + key + ", " + tr.v(a[i]) + ") ? " + result(a[i+1]) + " : ")
		closing++
	}
	b.WriteString(result(a[len(a)-1]))
	b.WriteString(strings.Repeat(")", closing))
	return b.String()
}

func (tr *translator) priorVar(id *Ident) string {
	ref := tr.c.refs[id]
	v := tr.variable(varPrior, ref.Path, tr.typ(id), ref)
	return v.name
}

func celNumber(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return "0.0"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// celString quotes s as a CEL string literal.
func celString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else if r == 0xFFFD {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// v translates an expression to its value.
func (tr *translator) v(n Node) string {
	switch n := n.(type) {
	case *Paren:
		return tr.v(n.X)
	case *NumberLit:
		return celNumber(n.Value)
	case *StringLit:
		return celString(n.Value)
	case *NullLit:
		return "null"
	case *BoolLit:
		return strconv.FormatBool(n.Value)
	case *Ident:
		ref := tr.c.refs[n]
		if ref.Path == "$System.OriginDateTime" {
			// [DOC] $System.OriginDateTime: 1900-01-01 00:00:00 GMT.
			return `timestamp("1900-01-01T00:00:00Z")`
		}
		kind := varField
		if ref.Kind == RefGlobal {
			kind = varGlobal
		}
		v := tr.variable(kind, ref.Path, tr.typ(n), ref)
		if tr.blankAsZero && kind == varField && ref.Field.Type == TypeNumber {
			return "sf_nullvalue(" + v.name + ", 0.0)"
		}
		return v.name
	case *Unary:
		switch n.Op {
		case OpNeg:
			return "sf_neg(" + tr.v(n.X) + ")"
		case OpPos:
			return tr.v(n.X)
		}
	case *Binary:
		switch n.Op {
		case OpAdd:
			return "sf_add(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		case OpSub:
			return "sf_sub(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		case OpMul:
			return "sf_mul(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		case OpDiv:
			return "sf_div(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		case OpPow:
			return "sf_pow(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		case OpConcat:
			return "sf_concat(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		}
	case *Call:
		if s, ok := tr.callValue(n); ok {
			return s
		}
	}
	// Boolean expressions as values: TRUE, FALSE or NULL.
	return tr.v3(n)
}

var cmp3Funcs = map[BinaryOp]string{OpEq: "sf_eq3", OpEqEq: "sf_eq3", OpNe: "sf_ne3", OpNeBang: "sf_ne3",
	OpLt: "sf_lt3", OpLe: "sf_le3", OpGt: "sf_gt3", OpGe: "sf_ge3"}

// v3 translates a boolean expression to its three-valued value (true,
// false or null) with every operand translated once.
func (tr *translator) v3(n Node) string {
	if !tr.nullable(n) {
		return tr.t(n)
	}
	switch n := n.(type) {
	case *Paren:
		return tr.v3(n.X)
	case *NullLit:
		return "null"
	case *Ident:
		return tr.v(n)
	case *Unary:
		if n.Op == OpNot || n.Op == OpNotBang {
			return "sf_not3(" + tr.v3(n.X) + ")"
		}
	case *Binary:
		if fn, ok := cmp3Funcs[n.Op]; ok {
			x, y := tr.typ(n.X), tr.typ(n.Y)
			if isBoolType(x) || isBoolType(y) {
				return "sf_eq3(" + tr.v3(n.X) + ", " + tr.v3(n.Y) + ")"
			}
			return fn + "(" + tr.v(n.X) + ", " + tr.v(n.Y) + ")"
		}
	case *Call:
		a := n.Args
		switch n.Upper() {
		case "NOT":
			return "sf_not3(" + tr.v3(a[0]) + ")"
		case "IF":
			return paren(tr.t(a[0]) + " ? " + dynLit(tr.v3(a[1])) + " : " + dynLit(tr.v3(a[2])))
		case "CASE":
			return tr.caseExpr(n, func(r Node) string { return dynLit(tr.v3(r)) })
		case "BEGINS", "CONTAINS":
			return "sf_" + strings.ToLower(n.Upper()) + "(" + tr.v(a[0]) + ", " + tr.v(a[1]) + ")"
		}
		if s, ok := tr.callValue(n); ok {
			return s
		}
	}
	return paren(tr.t(n) + " ? true : (" + tr.f(n) + " ? false : dyn(null))")
}

func (tr *translator) args(a []Node) string {
	parts := make([]string, len(a))
	for i, x := range a {
		parts[i] = tr.v(x)
	}
	return strings.Join(parts, ", ")
}

func (tr *translator) callValue(n *Call) (string, bool) {
	name := n.Upper()
	a := n.Args
	switch name {
	case "IF":
		if tr.typ(n) == TypeBoolean {
			return "", false
		}
		return paren(tr.t(a[0]) + " ? " + dynLit(tr.v(a[1])) + " : " + dynLit(tr.v(a[2]))), true
	case "CASE":
		if tr.typ(n) == TypeBoolean {
			return "", false
		}
		return tr.caseExpr(n, func(r Node) string { return dynLit(tr.v(r)) }), true
	case "PRIORVALUE":
		id := unparen(a[0]).(*Ident)
		return paren(tr.special(varIsNew, TypeBoolean) + " ? " + dynLit(tr.v(id)) + " : " + tr.priorVar(id)), true
	case "NULLVALUE":
		if tr.typ(a[0]) == TypeText {
			// Text is never null: NULLVALUE never substitutes (engine
			// FunctionNullValue, treatAsString).
			return tr.v(a[0]), true
		}
		return "sf_nullvalue(" + tr.args(a) + ")", true
	case "BLANKVALUE":
		return "sf_blankvalue(" + tr.args(a) + ")", true
	case "IFERROR":
		return "sf_iferror(" + tr.args(a) + ")", true
	case "VLOOKUP":
		return tr.variable(varLookup, VLookupKey(tr.c.Formula, n), tr.typ(n), nil).name, true
	case "TODAY":
		return tr.special(varToday, TypeDate), true
	case "NOW":
		return tr.special(varNow, TypeDateTime), true
	case "TIMENOW":
		return tr.special(varTimeNow, TypeTime), true
	case "PI":
		return celNumber(math.Pi), true
	case "BR":
		return `"<br>"`, true
	case "MAX", "MIN":
		fn := "sf_" + strings.ToLower(name)
		s := tr.v(a[0])
		for i := 1; i < len(a); i += 8 {
			end := min(len(a), i+8)
			s = fn + "(" + s + ", " + tr.args(a[i:end]) + ")"
		}
		if len(a) == 1 {
			s = fn + "(" + s + ")"
		}
		return s, true
	case "AND", "OR", "NOT", "ISNEW", "ISCLONE", "ISCHANGED", "ISBLANK", "ISNULL", "ISPICKVAL",
		"INCLUDES", "REGEX", "ISNUMBER", "BEGINS", "CONTAINS":
		return "", false
	}
	if _, ok := simpleFuncs[name]; ok || name == "TEXT" {
		return "sf_" + strings.ToLower(name) + "(" + tr.args(a) + ")", true
	}
	return "null", true
}

// dynLit wraps a literal in dyn() so that CEL's checker accepts
// conditional branches of different literal types (5.0 vs null).
func dynLit(s string) string {
	if s == "" {
		return s
	}
	c := s[0]
	if c == '"' || c == '-' || (c >= '0' && c <= '9') || s == "null" || s == "true" || s == "false" || strings.HasPrefix(s, "sf_nullvalue(") {
		return "dyn(" + s + ")"
	}
	return s
}
