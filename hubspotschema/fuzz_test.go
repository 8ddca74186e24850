package hubspotschema

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadProperties feeds arbitrary bytes to every JSON export reader:
// none may panic, every property kept has a name and a position inside the
// file, and every diagnostic points inside the file.
func FuzzReadProperties(f *testing.F) {
	for _, s := range []string{
		`{"results":[{"name":"amount","type":"number","fieldType":"number","modificationMetadata":{"readOnlyValue":false}}]}`,
		`[{"name":"email","type":"string","fieldType":"text","readOnlyValue":false,"createdAt":null,"updatedAt":1574871153000}]`,
		`[{"name":"g","displayName":"G","properties":[{"name":"x","type":"enumeration","fieldType":"checkbox","options":[{"value":"a","label":"A","hidden":true}]}]}]`,
		`{"objectTypeId":"2-1","name":"cars","properties":[{"name":"vin"}],"associations":[{"id":"1","cardinality":"ONE_TO_MANY","maxToObjectIds":"10"}]}`,
		`{"results":[{"id":"default","stages":[{"id":"s","metadata":{"isClosed":"true","probability":"0.5"}}]}]}`,
		`{"results":[{"from":{"id":"1"},"to":[{"toObjectId":2,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":1,"label":"Primary"}]}]}]}`,
		`[{"ownerId":1,"remoteList":[{"remoteType":"SALESFORCE","remoteId":"005"}]}]`,
		"{\"results\":[{\"name\":\"a\",\"label\":{\"x\":1},\"hidden\":\"maybe\"},{\"name\":",
		"\xEF\xBB\xBF[]",
		`[[[[[[[[[[]]]]]]]]]]`,
		`{"results":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		checkPos := func(what string, p Pos) {
			if p.Line < 1 || p.Line > lines || p.Col < 1 {
				t.Fatalf("%s position %+v outside a %d-line file", what, p, lines)
			}
		}
		obj, diags := parseProperties("p.json", "contacts", data)
		for _, p := range obj.SortedProperties() {
			if p.Name == "" {
				t.Fatal("a property without a name was kept")
			}
			checkPos("property", p.Pos)
		}
		if len(obj.Order) != len(obj.Properties) {
			t.Fatalf("order %d vs properties %d", len(obj.Order), len(obj.Properties))
		}
		all := append([]Diagnostic(nil), diags...)
		_, d := parsePipelines("p.json", "deals", data)
		all = append(all, d...)
		_, d = parseOwners("p.json", data)
		all = append(all, d...)
		_, d = parseSchemas("p.json", data)
		all = append(all, d...)
		_, d = parseAssociations("p.json", "contacts", "companies", data)
		all = append(all, d...)
		for _, d := range all {
			if d.Kind != "SL03" || d.Message == "" {
				t.Fatalf("diagnostic %+v", d)
			}
			checkPos("diagnostic", d.Pos)
		}
	})
}

// FuzzRecords feeds arbitrary bytes to the CSV reader: it must not panic,
// must make progress, must report rows in line order, and wherever
// encoding/csv reads the input without error, must read the same fields.
func FuzzRecords(f *testing.F) {
	for _, s := range []string{
		"hs_object_id,firstname\n1,Ada\n",
		"a,b\r\n\"x,\"\"y\"\"\",z\r\n",
		"a,b\n\"multi\nline\",2\n",
		"a,b\n1,27\" monitor\n",
		"a,b\n\"never closed\n",
		"a,b\n1\n1,2,3\n",
		"\xEF\xBB\xBFRecord ID,Email\n1,x@y\n",
		"a\n\n\nb\r",
		",\n,,\n\"\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newCSVReader(bytes.NewReader(data))
		c.max = 4 << 10
		var got [][]string
		last := 0
		for i := 0; ; i++ {
			if i > len(data)+2 {
				t.Fatal("the reader makes no progress")
			}
			err := c.read()
			if err == io.EOF {
				break
			}
			var re *csvRowError
			if errors.As(err, &re) {
				if re.line < last {
					t.Fatalf("row error on line %d after line %d", re.line, last)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.startLine < last || c.startLine < 1 {
				t.Fatalf("record on line %d after line %d", c.startLine, last)
			}
			last = c.startLine
			got = append(got, c.values(nil))
		}
		if len(data) > 3<<10 || bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			return // beyond the record cap, or a BOM encoding/csv keeps
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		want, err := r.ReadAll()
		if err != nil {
			return // malformed for encoding/csv: ours is lenient there
		}
		if len(want) == 0 && len(got) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q\n got %q\nwant %q", data, got, want)
		}
	})
}

// TestFuzzSeedsByHand keeps a few regression inputs readable.
func TestFuzzSeedsByHand(t *testing.T) {
	_, diags := parseProperties("p.json", "contacts", []byte(strings.Repeat("[", maxJSONDepth+10)))
	if len(diags) == 0 || !strings.Contains(diags[0].Message, "nested deeper") || diags[0].Pos.Col != maxJSONDepth+2 {
		t.Errorf("deep nesting: %+v", diags)
	}
}
