package formula

import "strings"

// Print renders a node as canonical formula text: upper-case function
// names, one space around infix operators, double-quoted strings with
// Salesforce escapes. Parenthesised expressions of the source are kept; for
// trees built in code, parentheses are added wherever precedence requires
// them, so Parse(Print(n)) always yields n's structure.
func Print(n Node) string {
	var b strings.Builder
	printNode(&b, n)
	return b.String()
}

func printNode(b *strings.Builder, n Node) {
	switch n := n.(type) {
	case *NumberLit:
		b.WriteString(n.Text)
	case *StringLit:
		b.WriteString(QuoteString(n.Value))
	case *BoolLit:
		if n.Value {
			b.WriteString("TRUE")
		} else {
			b.WriteString("FALSE")
		}
	case *NullLit:
		b.WriteString("NULL")
	case *Ident:
		b.WriteString(n.Name)
	case *Paren:
		b.WriteByte('(')
		printNode(b, n.X)
		b.WriteByte(')')
	case *Call:
		b.WriteString(strings.ToUpper(n.Name))
		b.WriteByte('(')
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			printNode(b, a)
		}
		b.WriteByte(')')
	case *Unary:
		b.WriteString(n.Op.String())
		printOperand(b, n.X, unaryPrecedence, false)
	case *Binary:
		prec := n.Op.precedence()
		printOperand(b, n.X, prec, false)
		b.WriteByte(' ')
		b.WriteString(n.Op.String())
		b.WriteByte(' ')
		printOperand(b, n.Y, prec, true)
	}
}

// printOperand wraps x in parentheses when its own operator binds looser
// than the context (or equally, on the right of a left-associative operator).
func printOperand(b *strings.Builder, x Node, prec int, right bool) {
	need := false
	switch x := x.(type) {
	case *Binary:
		p := x.Op.precedence()
		need = p < prec || (right && p == prec)
	case *Unary:
		need = prec > unaryPrecedence
	}
	if need {
		b.WriteByte('(')
		printNode(b, x)
		b.WriteByte(')')
		return
	}
	printNode(b, x)
}

// QuoteString renders s as a double-quoted Salesforce string literal.
func QuoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
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
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
