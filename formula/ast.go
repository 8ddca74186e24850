package formula

import "strings"

// Error is a syntax or type error at a place in the formula. End is the byte
// offset just after the offending text.
type Error struct {
	Pos Position `json:"pos"`
	End int      `json:"end"`
	Msg string   `json:"message"`
}

// Error renders the error as "line L, column C: message".
func (e *Error) Error() string {
	return "line " + itoa(e.Pos.Line) + ", column " + itoa(e.Pos.Col) + ": " + e.Msg
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// Node is a node of a parsed formula. Every node knows where it starts and
// ends in the source, so diagnostics and rewrites can point at the exact
// text (Source()[Start().Offset:End()]).
type Node interface {
	// Start is the position of the node's first byte.
	Start() Position
	// End is the byte offset just after the node's last byte.
	End() int
	node()
}

type span struct {
	StartPos Position
	EndOff   int
}

// Start implements Node.
func (s span) Start() Position { return s.StartPos }

// End implements Node.
func (s span) End() int { return s.EndOff }
func (span) node()      {}

// NumberLit is a numeric literal such as 42 or 0.25.
type NumberLit struct {
	span
	// Text is the literal as written.
	Text  string
	Value float64
}

// StringLit is a quoted text literal; Value is decoded (escapes applied).
type StringLit struct {
	span
	// Raw is the literal as written, quotes included.
	Raw   string
	Value string
}

// BoolLit is TRUE or FALSE.
type BoolLit struct {
	span
	Value bool
}

// NullLit is the NULL keyword.
type NullLit struct{ span }

// Ident is a merge field or global variable reference such as
// Amount, Account.Owner.Email, Owner:User.Email or $Setup.Bypass__c.Active__c:
// Salesforce lexes a dotted path as one identifier.
type Ident struct {
	span
	// Name is the reference exactly as written.
	Name string
}

// Segments splits the reference at its dots.
func (i *Ident) Segments() []string { return strings.Split(i.Name, ".") }

// IsGlobal reports whether the reference is a $-global ($User.Username, …).
func (i *Ident) IsGlobal() bool { return strings.HasPrefix(i.Name, "$") }

// Call is a function call. Function names are case-insensitive; Name keeps
// the spelling of the source and Upper() the canonical form.
type Call struct {
	span
	Name string
	// LParen and RParen are the byte offsets of the parentheses.
	LParen, RParen int
	Args           []Node
}

// Upper returns the canonical (upper-case) function name.
func (c *Call) Upper() string { return strings.ToUpper(c.Name) }

// UnaryOp is a prefix operator.
type UnaryOp int

// Prefix operators. NOT x and !x are the same operation, kept apart only so
// that the printer reproduces the spelling.
const (
	OpNeg     UnaryOp = iota // -x
	OpPos                    // +x
	OpNot                    // NOT x
	OpNotBang                // !x
)

var unaryText = [...]string{OpNeg: "-", OpPos: "+", OpNot: "NOT ", OpNotBang: "!"}

// String returns the operator as written.
func (o UnaryOp) String() string { return unaryText[o] }

// Unary is a prefix operation.
type Unary struct {
	span
	Op UnaryOp
	X  Node
}

// BinaryOp is an infix operator.
type BinaryOp int

// Infix operators, with both spellings of equality and inequality kept for
// printing.
const (
	OpOr     BinaryOp = iota // ||
	OpAnd                    // &&
	OpEq                     // =
	OpEqEq                   // ==
	OpNe                     // <>
	OpNeBang                 // !=
	OpLt                     // <
	OpGt                     // >
	OpLe                     // <=
	OpGe                     // >=
	OpAdd                    // +
	OpSub                    // -
	OpConcat                 // &
	OpPow                    // ^
	OpMul                    // *
	OpDiv                    // /
)

var binaryText = [...]string{OpOr: "||", OpAnd: "&&", OpEq: "=", OpEqEq: "==", OpNe: "<>",
	OpNeBang: "!=", OpLt: "<", OpGt: ">", OpLe: "<=", OpGe: ">=", OpAdd: "+", OpSub: "-",
	OpConcat: "&", OpPow: "^", OpMul: "*", OpDiv: "/"}

// String returns the operator as written.
func (o BinaryOp) String() string { return binaryText[o] }

// precedence levels of Salesforce's grammar (Formula.g4; formula-language.md
// §1.6): note that ^ binds LOOSER than * and /, and equality is below the
// relational operators.
func (o BinaryOp) precedence() int {
	switch o {
	case OpOr:
		return 1
	case OpAnd:
		return 2
	case OpEq, OpEqEq, OpNe, OpNeBang:
		return 3
	case OpLt, OpGt, OpLe, OpGe:
		return 4
	case OpAdd, OpSub, OpConcat:
		return 5
	case OpPow:
		return 6
	default:
		return 7
	}
}

const unaryPrecedence = 8

// Binary is an infix operation.
type Binary struct {
	span
	Op BinaryOp
	// OpPos is the position of the operator.
	OpPos Position
	X, Y  Node
}

// Paren is a parenthesised expression, kept so that positions and the
// printed text follow the source.
type Paren struct {
	span
	X Node
}

// Formula is a parsed formula.
type Formula struct {
	// Source is the text that was parsed.
	Source string
	Root   Node
}

// Text returns the source text of n.
func (f *Formula) Text(n Node) string { return f.Source[n.Start().Offset:n.End()] }

// Walk calls fn for n and, when fn returns true, for each child in source
// order.
func Walk(n Node, fn func(Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	switch n := n.(type) {
	case *Call:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Unary:
		Walk(n.X, fn)
	case *Binary:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Paren:
		Walk(n.X, fn)
	}
}

// unparen strips parentheses.
func unparen(n Node) Node {
	for {
		p, ok := n.(*Paren)
		if !ok {
			return n
		}
		n = p.X
	}
}
