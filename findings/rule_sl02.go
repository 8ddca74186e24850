package findings

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/synclint/synclint/formula"
)

// SL02 reports validation-rule formulas that do not parse or type-check.
var SL02 = Register(&Rule{
	ID:        "SL02",
	Name:      "formula-invalid",
	Title:     "Formula does not parse or uses an unknown function",
	Category:  CategoryTool,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Tags:      []string{"tool", "formula", "validation-rule"},
	Summary:   "A validation rule's formula could not be parsed or type-checked, so synclint cannot tell whether it blocks integration writes.",
	Doc: `The errorConditionFormula of an active validation rule on an object the
integration writes does not parse, calls a function synclint does not know, or
references a field the object does not have. The finding points at the line and
column inside the formula, in the metadata file (the formula's position in the
file plus the error's line and column in the formula, XML escapes and line
endings taken into account).

Salesforce refuses to save a rule whose formula does not compile, so in a
deployed org this usually means the checkout is out of date (a field was deleted
or renamed) or the formula uses a construct synclint does not support yet. PV11
cannot analyse such a rule: ` + "`synclint explain-rules`" + ` lists it as invalid.`,
	Fix: "Correct the formula, or retrieve the missing field definitions into the checkout.",
	Run: runSL02,
})

func runSL02(p *Pass) {
	an := validationRules(p)
	for _, r := range an.Rules {
		if r.Err == nil {
			continue
		}
		pos, msg := formulaErrorPos(r.Err)
		loc := formulaLocation(p.Root, r, pos)
		p.Report(Finding{
			Message:        "Validation rule " + r.VR.QualifiedName() + ": " + msg + " (synclint cannot tell whether the rule blocks integration writes)",
			Location:       loc,
			Object:         r.SO.Name,
			ValidationRule: r.VR.Name,
			Component:      r.SO.Name + "." + r.VR.Name,
			Evidence: Evidence{}.Add("formula", trimFormula(r.VR.Formula, 300)).
				Add("error", msg).
				Add("position in formula", "line "+itoa(pos.Line)+", column "+itoa(pos.Col)),
		})
	}
}

// formulaErrorPos extracts the position and message of a compile error.
func formulaErrorPos(err error) (formula.Position, string) {
	var fe *formula.Error
	if errors.As(err, &fe) {
		return fe.Pos, fe.Msg
	}
	var ce *formula.CheckError
	if errors.As(err, &ce) {
		d := ce.First()
		return d.Pos, d.Message
	}
	return formula.Position{Offset: 0, Line: 1, Col: 1}, err.Error()
}

// formulaLocation maps a position inside a rule's formula to the file: the
// formula text in the file is XML-escaped and may use CR LF line endings,
// so the offset is walked through the raw bytes.
func formulaLocation(root string, r *vrRule, pos formula.Position) Location {
	vr := r.VR
	fallback := Location{File: vr.FormulaPos.File, Line: vr.FormulaPos.Line + pos.Line - 1, Column: pos.Col}
	if pos.Line <= 1 {
		fallback.Column = vr.FormulaPos.Col + pos.Col - 1
	}
	if fallback.File == "" {
		return locOf(vr.Pos)
	}
	raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(vr.FormulaPos.File)))
	if err != nil || vr.FormulaEnd > len(raw) || vr.FormulaEnd <= vr.FormulaStart {
		return fallback
	}
	off, ok := rawOffset(raw[vr.FormulaStart:vr.FormulaEnd], pos.Offset)
	if !ok {
		return fallback
	}
	line, col := lineCol(raw, vr.FormulaStart+off)
	return Location{File: vr.FormulaPos.File, Line: line, Column: col}
}

// rawOffset maps a byte offset of the decoded formula (entities decoded,
// CR LF read as LF) to the offset in the raw, escaped text.
func rawOffset(raw []byte, want int) (int, bool) {
	s := string(raw)
	cdata := len(s) >= 12 && s[:9] == "<![CDATA["
	i, dec := 0, 0
	if cdata {
		i = 9
	}
	for i < len(s) {
		if dec == want {
			return i, true
		}
		switch {
		case s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n':
			i += 2
		case s[i] == '&' && !cdata:
			j := i + 1
			for j < len(s) && s[j] != ';' && j-i < 12 {
				j++
			}
			if j >= len(s) || s[j] != ';' {
				return 0, false
			}
			if d, err := xmlUnescape(s[i : j+1]); err == nil {
				dec += len(d) - 1
			}
			i = j + 1
		default:
			i++
		}
		dec++
	}
	if dec == want {
		return i, true
	}
	return 0, false
}
