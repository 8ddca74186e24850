package formula

import (
	"fmt"
	"strconv"
)

// maxDepth bounds the nesting of a formula: real rules nest at most ~10
// levels (formula-peers.md §1.2); the limit keeps hostile input from
// exhausting the stack.
const maxDepth = 200

// MaxFormulaLength is Salesforce's limit on a formula's text, spaces, line
// breaks and comments included ([DOC] "Formula Evaluation in Apex" /
// formula size limits: 3,900 characters).
const MaxFormulaLength = 3900

// Parse parses a formula. The grammar is Salesforce's (Formula.g4, see
// shared/design/formula-language.md §8):
//
//	or   = and { "||" and }      and = eq { "&&" eq }
//	eq   = rel { ("="|"=="|"<>"|"!=") rel }
//	rel  = add { ("<"|">"|"<="|">=") add }
//	add  = pow { ("+"|"-"|"&") pow }
//	pow  = mul { "^" mul }        (^ binds looser than * and /)
//	mul  = unary { ("*"|"/") unary }
//	unary = ("+"|"-"|"NOT"|"!") unary | primary
func Parse(src string) (*Formula, error) {
	p := &parser{lx: newLexer(src), src: src}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, &Error{Pos: p.tok.pos, End: p.tok.end, Msg: "formula is empty"}
	}
	root, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unexpected("an operator or the end of the formula")
	}
	return &Formula{Source: src, Root: root}, nil
}

type parser struct {
	lx    *lexer
	src   string
	tok   token
	depth int
}

func (p *parser) advance() *Error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) unexpected(want string) *Error {
	got := p.tok.kind.String()
	if p.tok.kind != tokEOF && p.tok.text != "" {
		got = fmt.Sprintf("%q", p.tok.text)
	}
	return &Error{Pos: p.tok.pos, End: max(p.tok.end, p.tok.pos.Offset+1), Msg: fmt.Sprintf("expected %s, found %s", want, got)}
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > maxDepth {
		return &Error{Pos: p.tok.pos, End: p.tok.end, Msg: fmt.Sprintf("formula is nested more than %d levels deep", maxDepth)}
	}
	return nil
}

func (p *parser) expr() (Node, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	return p.binary(1)
}

func binaryOpOf(t token) (BinaryOp, bool) {
	switch t.kind {
	case tokOr:
		return OpOr, true
	case tokAnd:
		return OpAnd, true
	case tokEq:
		if t.text == "==" {
			return OpEqEq, true
		}
		return OpEq, true
	case tokNe:
		if t.text == "!=" {
			return OpNeBang, true
		}
		return OpNe, true
	case tokLt:
		return OpLt, true
	case tokGt:
		return OpGt, true
	case tokLe:
		return OpLe, true
	case tokGe:
		return OpGe, true
	case tokPlus:
		return OpAdd, true
	case tokMinus:
		return OpSub, true
	case tokAmp:
		return OpConcat, true
	case tokCaret:
		return OpPow, true
	case tokStar:
		return OpMul, true
	case tokSlash:
		return OpDiv, true
	}
	return 0, false
}

// binary parses the levels from prec upwards; every level is
// left-associative.
func (p *parser) binary(prec int) (Node, *Error) {
	if prec > 7 {
		return p.unary()
	}
	x, err := p.binary(prec + 1)
	if err != nil {
		return nil, err
	}
	for {
		op, ok := binaryOpOf(p.tok)
		if !ok || op.precedence() != prec {
			return x, nil
		}
		opPos := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		y, err := p.binary(prec + 1)
		if err != nil {
			return nil, err
		}
		x = &Binary{span: span{x.Start(), y.End()}, Op: op, OpPos: opPos, X: x, Y: y}
	}
}

func (p *parser) unary() (Node, *Error) {
	var op UnaryOp
	switch p.tok.kind {
	case tokMinus:
		op = OpNeg
	case tokPlus:
		op = OpPos
	case tokNot:
		op = OpNot
	case tokBang:
		op = OpNotBang
	default:
		return p.primary()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &Unary{span: span{start, x.End()}, Op: op, X: x}, nil
}

func (p *parser) primary() (Node, *Error) {
	t := p.tok
	sp := span{t.pos, t.end}
	switch t.kind {
	case tokNumber:
		if err := p.advance(); err != nil {
			return nil, err
		}
		v, perr := strconv.ParseFloat(t.text, 64)
		if perr != nil {
			return nil, &Error{Pos: t.pos, End: t.end, Msg: "invalid number " + t.text}
		}
		return &NumberLit{span: sp, Text: t.text, Value: v}, nil
	case tokString:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &StringLit{span: sp, Raw: t.text, Value: t.value}, nil
	case tokTrue, tokFalse:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &BoolLit{span: sp, Value: t.kind == tokTrue}, nil
	case tokNull:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &NullLit{span: sp}, nil
	case tokLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.unexpected("')'")
		}
		end := p.tok.end
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &Paren{span: span{t.pos, end}, X: x}, nil
	case tokIdent:
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tokLParen {
			if p.tok.kind == tokLBrak {
				return nil, &Error{Pos: p.tok.pos, End: p.tok.end, Msg: "'[' subscripts are not allowed in validation rule formulas"}
			}
			return &Ident{span: sp, Name: t.text}, nil
		}
		return p.call(t)
	case tokLBrak:
		return nil, &Error{Pos: t.pos, End: t.end, Msg: "'[Object]' references are Process Builder syntax, not allowed in validation rule formulas"}
	}
	return nil, p.unexpected("a value, a field or a function call")
}

func (p *parser) call(name token) (Node, *Error) {
	c := &Call{Name: name.text, LParen: p.tok.pos.Offset}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, a)
			if p.tok.kind == tokComma {
				if err := p.advance(); err != nil {
					return nil, err
				}
				continue
			}
			if p.tok.kind != tokRParen {
				return nil, p.unexpected("',' or ')' in the arguments of " + name.text)
			}
			break
		}
	}
	c.RParen = p.tok.pos.Offset
	c.span = span{name.pos, p.tok.end}
	if err := p.advance(); err != nil {
		return nil, err
	}
	return c, nil
}
