package findings

import (
	"testing"

	"github.com/synclint/synclint/fixtures"
)

// TestSL02Broken: the broken fixture's unknown function is reported at
// line 6, column 9 of the rule file (formula line 2, column 9).
func TestSL02Broken(t *testing.T) {
	in, err := LoadInput(LoadOptions{Dir: fixtures.Broken()})
	if err != nil {
		t.Fatal(err)
	}
	res := Analyze(in, Options{Only: []string{"SL02"}})
	var got []Finding
	for _, f := range res.Findings {
		if f.Rule == "SL02" {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("SL02 findings: %+v", got)
	}
	f := got[0]
	if f.File != "force-app/main/default/objects/Lead/validationRules/Company_Length_Check.validationRule-meta.xml" || f.Line != 6 || f.Column != 9 {
		t.Errorf("SL02 at %s:%d:%d, want Company_Length_Check …:6:9", f.File, f.Line, f.Column)
	}
	if f.Component != "Lead.Company_Length_Check" {
		t.Errorf("component %s", f.Component)
	}
}

// TestRawOffset maps decoded formula offsets to the escaped file text.
func TestRawOffset(t *testing.T) {
	tests := []struct {
		raw  string
		want map[int]int // decoded offset → raw offset
	}{
		{`a &lt;&gt; &quot;x&quot;`, map[int]int{0: 0, 2: 2, 3: 6, 5: 11, 6: 17, 8: 24}},
		{"a\r\nb", map[int]int{0: 0, 1: 1, 2: 3}},
		{"<![CDATA[a < b]]>", map[int]int{0: 9, 2: 11}},
		{"x &#38; y", map[int]int{2: 2, 3: 7}},
	}
	for _, tc := range tests {
		for dec, raw := range tc.want {
			got, ok := rawOffset([]byte(tc.raw), dec)
			if !ok || got != raw {
				t.Errorf("rawOffset(%q, %d) = %d, %v; want %d", tc.raw, dec, got, ok, raw)
			}
		}
	}
}
