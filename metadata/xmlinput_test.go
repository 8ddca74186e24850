package metadata

import (
	"strings"
	"testing"
)

// TestNestingLimit: 256 levels parse; one more, or 100,000, is an error on
// the line of the element too deep, without recursion or a large tree.
func TestNestingLimit(t *testing.T) {
	nest := func(levels int) []byte {
		var b strings.Builder
		b.WriteString(xmlHead + "<CustomField>\n")
		for i := 1; i < levels; i++ {
			b.WriteString("<a>")
		}
		b.WriteString("\n")
		for i := 1; i < levels; i++ {
			b.WriteString("</a>")
		}
		b.WriteString("\n</CustomField>\n")
		return []byte(b.String())
	}
	b := newTreeBuilder()
	if _, err := b.build(nest(maxDepth)); err != nil {
		t.Fatalf("%d levels: %v", maxDepth, err)
	}
	for _, levels := range []int{maxDepth + 1, 100_000} {
		_, err := b.build(nest(levels))
		pe, ok := err.(*parseError)
		if !ok || pe.Line != 3 || !strings.Contains(pe.Msg, "nested more than 256 levels") {
			t.Errorf("%d levels: %#v", levels, err)
		}
	}
}

// TestByteOrderMark: a UTF-8 BOM before the declaration (or before the
// root, without one) is allowed, and lines count as without it; CRLF line
// ends count once.
func TestByteOrderMark(t *testing.T) {
	for name, content := range map[string]string{
		"bom + declaration":   "\xef\xbb\xbf" + xmlHead + "<CustomField>\n  <fullName>B__c</fullName>\n  <type>Text</type>\n</CustomField>\n",
		"bom, no declaration": "\xef\xbb\xbf\n<CustomField>\n  <fullName>B__c</fullName>\n  <type>Text</type>\n</CustomField>\n",
		"bom + CRLF":          strings.ReplaceAll("\xef\xbb\xbf"+xmlHead+"<CustomField>\n  <fullName>B__c</fullName>\n  <type>Text</type>\n</CustomField>\n", "\n", "\r\n"),
	} {
		t.Run(name, func(t *testing.T) {
			org := loadFiles(t, sfdx(map[string]string{"objects/A__c/fields/B__c.field-meta.xml": content}))
			noDiagnostics(t, org)
			f := org.Field("A__c", "B__c")
			if f == nil || f.Type != "Text" || f.Pos.Line != 2 {
				t.Errorf("field %+v", f)
			}
		})
	}
}

// TestLoneCarriageReturns: old Mac line ends count as lines, the same for
// elements and for errors.
func TestLoneCarriageReturns(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		err  string
	}{
		{xmlHead + "<CustomField>\r<fullName>B__c</fullName>\r</CustomField>\r", 0, ""},
		{"\r0", 2, "text outside the root element"},
		{"<CustomField>\r\r<a></b>\r</CustomField>", 3, "closed by </b>"},
		{"<CustomField>\r\n\r<a></b>", 3, "closed by </b>"},
	} {
		b := newTreeBuilder()
		doc, err := b.build([]byte(tc.in))
		if tc.err == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.in, err)
				continue
			}
			root := rootElement(doc)
			if fn := root.FirstChild; fn == nil || fn.LineNumber != 3 || fn.Data != "fullName" {
				t.Errorf("%q: <fullName> not on line 3: %+v", tc.in, fn)
			}
			continue
		}
		pe, ok := err.(*parseError)
		if !ok || pe.Line != tc.line || !strings.Contains(pe.Msg, tc.err) {
			t.Errorf("%q: got %#v, want line %d %q", tc.in, err, tc.line, tc.err)
		}
	}
	if got := normalizeLoneCR([]byte("a\r\nb")); string(got) != "a\r\nb" {
		t.Errorf("CRLF changed: %q", got)
	}
	if got := normalizeLoneCR([]byte("a\r\nb\rc\r")); string(got) != "a\r\nb\nc\n" {
		t.Errorf("lone CRs: %q", got)
	}
}
