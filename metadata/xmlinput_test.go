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
