package formula

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Bypass rewriting: exempting running users from a validation rule without
// changing it for anyone else.
//
// A validation rule blocks a save when its formula is TRUE. Wrapping the
// formula as
//
//	AND(<guard>, …, (<original>))
//
// where every guard is TRUE for ordinary users and FALSE for the exempted
// one keeps the rule's outcome for everybody else (AND(TRUE, x) fires
// exactly when x does: AND treats a NULL argument as FALSE, and a rule
// fires only on TRUE) and makes it FALSE for the exempted user. The guards
// come first because Salesforce's AND evaluates its arguments left to right
// and stops at the first FALSE (salesforce/formula-engine
// commands/FunctionAnd.java; shared/design/formula-language.md §4.3, §7), so
// for the exempted user the original part, and any runtime error in it, is
// never evaluated. The original text is kept byte for byte inside
// parentheses, comments and line breaks included, so a patch touches only
// the beginning and the end of the formula.

// UsernameGuards returns one guard per username: $User.Username <> "name".
// quote is the string delimiter to use (' or "); text comparison is
// case-sensitive in formulas, so the names are kept as given.
func UsernameGuards(users []string, quote byte) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, "$User.Username <> "+QuoteStringWith(u, quote))
	}
	return out
}

// PermissionGuard returns NOT($Permission.<name>): TRUE for users without
// the custom permission.
func PermissionGuard(name string) string { return "NOT($Permission." + name + ")" }

// SettingGuard returns NOT($Setup.<setting>.<field>): TRUE unless the
// hierarchy custom setting's checkbox is set for the running user (user,
// then profile, then org default: [DOC] $Setup global variable).
func SettingGuard(setting, field string) string {
	return "NOT($Setup." + setting + "." + field + ")"
}

// QuoteStringWith renders s as a Salesforce string literal delimited by
// quote (' or "), escaping backslashes, the delimiter and control
// characters the way the lexer reads them back.
func QuoteStringWith(s string, quote byte) string {
	if quote != '\'' {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case quote:
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// GuardWrap returns the text to put before and after a formula so that
// it reads AND(<guards>, (<formula>)).
func GuardWrap(guards []string) (prefix, suffix string) {
	return "AND(" + strings.Join(guards, ", ") + ", (", "))"
}

// ErrNoGuards is returned by Rewrite when there is nothing to add.
var ErrNoGuards = errors.New("formula: no bypass guard given")

// Rewrite wraps src with the guards (see GuardWrap) and checks that the
// result parses and keeps src as the last argument of the AND. The result
// may exceed MaxFormulaLength: callers decide what to do with
// RewriteTooLong.
func Rewrite(src string, guards []string) (string, error) {
	if len(guards) == 0 {
		return "", ErrNoGuards
	}
	if strings.TrimSpace(src) == "" {
		return "", errors.New("formula: empty formula")
	}
	orig, err := Parse(src)
	if err != nil {
		return "", err
	}
	for _, g := range guards {
		if !utf8.ValidString(g) {
			return "", errors.New("formula: guard is not valid UTF-8: " + g)
		}
		if _, err := Parse(g); err != nil {
			return "", errors.New("formula: bad guard " + g + ": " + err.Error())
		}
	}
	prefix, suffix := GuardWrap(guards)
	out := prefix + src + suffix
	f, err := Parse(out)
	if err != nil {
		return "", err
	}
	call, ok := f.Root.(*Call)
	if !ok || call.Upper() != "AND" || len(call.Args) != len(guards)+1 {
		return "", errors.New("formula: rewritten formula does not have the expected shape")
	}
	last, ok := call.Args[len(guards)].(*Paren)
	if !ok || !sameShape(last.X, orig.Root) {
		return "", errors.New("formula: rewritten formula does not keep the original")
	}
	return out, nil
}

// RewriteTooLong reports whether a rewritten formula is over Salesforce's
// limit of 3,900 characters (spaces, line breaks and comments included).
func RewriteTooLong(s string) bool { return utf8.RuneCountInString(s) > MaxFormulaLength }

// HasGuards reports whether a formula already starts with the guards: its
// root (parentheses aside) is an AND call, or a && chain, whose leading
// arguments include every guard (compared in canonical printed form,
// names case-insensitively). A formula rewritten by Rewrite has them.
func HasGuards(f *Formula, guards []string) bool {
	if f == nil || len(guards) == 0 {
		return false
	}
	args := andArgs(unparen(f.Root))
	if len(args) < 2 {
		return false
	}
	have := map[string]bool{}
	for _, a := range args[:len(args)-1] {
		have[canonical(a)] = true
	}
	for _, g := range guards {
		gf, err := Parse(g)
		if err != nil || !have[canonical(gf.Root)] {
			return false
		}
	}
	return true
}

// andArgs flattens AND(…) and && chains into their conjuncts.
func andArgs(n Node) []Node {
	switch x := n.(type) {
	case *Call:
		if x.Upper() == "AND" {
			return x.Args
		}
	case *Binary:
		if x.Op == OpAnd {
			left := andArgs(unparen(x.X))
			if left == nil {
				left = []Node{unparen(x.X)}
			}
			return append(left, unparen(x.Y))
		}
	}
	return nil
}

// canonical prints a node for comparison: names upper-cased, != and <>
// (and = and ==) unified, parentheses dropped.
func canonical(n Node) string {
	var b strings.Builder
	var walk func(Node)
	walk = func(n Node) {
		switch x := n.(type) {
		case *Paren:
			walk(x.X)
		case *Ident:
			b.WriteString(strings.ToUpper(x.Name))
		case *StringLit:
			b.WriteString(QuoteString(x.Value))
		case *Call:
			b.WriteString(x.Upper())
			b.WriteByte('(')
			for i, a := range x.Args {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(a)
			}
			b.WriteByte(')')
		case *Unary:
			// NOT x, !x and NOT(x) are the same operation.
			if x.Op == OpNot || x.Op == OpNotBang {
				b.WriteString("NOT(")
			} else {
				b.WriteString("(" + x.Op.String())
			}
			walk(x.X)
			b.WriteByte(')')
		case *Binary:
			op := x.Op
			switch op {
			case OpNeBang:
				op = OpNe
			case OpEqEq:
				op = OpEq
			}
			b.WriteByte('(')
			walk(x.X)
			b.WriteString(" " + op.String() + " ")
			walk(x.Y)
			b.WriteByte(')')
		default:
			b.WriteString(strings.ToUpper(Print(n)))
		}
	}
	walk(n)
	return b.String()
}

// sameShape reports whether two trees are the same formula (canonical
// form), so that a rewrite provably kept the original.
func sameShape(a, b Node) bool { return canonical(a) == canonical(b) }
