package hubspotschema

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func contactsObject() *ObjectType {
	o := &ObjectType{Name: "contacts", Properties: map[string]*Property{}}
	add := func(name, label string, hidden bool) {
		p := &Property{ObjectType: "contacts", Name: name, Label: label, Hidden: hidden, Type: "string", FieldType: "text"}
		o.Properties[strings.ToLower(name)] = p
		o.Order = append(o.Order, strings.ToLower(name))
	}
	add("hs_object_id", "Record ID", false)
	add("firstname", "First Name", false)
	add("lastname", "Last Name", false)
	add("email", "Email", false)
	add("hs_content_membership_status", "Status", true)
	add("hs_lead_status", "Lead Status", false)
	add("message", "Message", false)
	return o
}

type row struct {
	id, line int
	vals     map[string]string
}

func readAll(t *testing.T, path string, obj *ObjectType, props ...string) (rows []row, bad []*RowError, rr *RecordReader) {
	t.Helper()
	rr, err := OpenRecords(&RecordFile{ObjectType: "contacts", Path: path, Pos: Pos{File: "records/contacts.csv"}}, obj)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rr.Close() })
	for {
		rec, err := rr.Next()
		if err == io.EOF {
			return
		}
		var re *RowError
		if errors.As(err, &re) {
			bad = append(bad, re)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		r := row{line: rec.Line, vals: map[string]string{}}
		for _, p := range props {
			if v, ok := rec.Get(p); ok {
				r.vals[p] = v
			}
		}
		r.vals["id"] = rec.ID
		rows = append(rows, r)
	}
}

func TestRecordsFormats(t *testing.T) {
	for _, tc := range []struct {
		name    string
		data    string
		want    []map[string]string
		lines   []int
		badRows []int
	}{
		{
			name: "internal names",
			data: "hs_object_id,firstname,email\n1,Ada,ada@example.com\n2,Bob,\n",
			want: []map[string]string{
				{"id": "1", "firstname": "Ada", "email": "ada@example.com"},
				{"id": "2", "firstname": "Bob", "email": ""},
			},
			lines: []int{2, 3},
		},
		{
			name: "UI labels, BOM, CRLF, any order",
			data: "\xEF\xBB\xBFEmail,First Name,Record ID,Lead Status\r\nada@example.com,Ada,11,NEW\r\n\r\nbob@example.com,\"Bob, Jr.\",12,OPEN\r\n",
			want: []map[string]string{
				{"id": "11", "firstname": "Ada", "email": "ada@example.com", "hs_lead_status": "NEW"},
				{"id": "12", "firstname": "Bob, Jr.", "email": "bob@example.com", "hs_lead_status": "OPEN"},
			},
			lines: []int{2, 4},
		},
		{
			name: "quoted multi-line values and escaped quotes",
			data: "Contact ID,Message,firstname\n1,\"line one\r\nline \"\"two\"\"\n\nline four\",Ada\n2,plain,Bob\n",
			want: []map[string]string{
				{"id": "1", "message": "line one\nline \"two\"\n\nline four", "firstname": "Ada"},
				{"id": "2", "message": "plain", "firstname": "Bob"},
			},
			lines: []int{2, 6},
		},
		{
			name: "ragged rows are skipped and counted",
			data: "id,firstname,lastname\n1,Ada,L\n2,Bob\n3,Cy,D,extra\n4,Di,E",
			want: []map[string]string{
				{"id": "1", "firstname": "Ada", "lastname": "L"},
				{"id": "4", "firstname": "Di", "lastname": "E"},
			},
			lines:   []int{2, 5},
			badRows: []int{3, 4},
		},
		{
			name: "stray quotes are kept, an open quote at the end is a bad row",
			data: "hs_object_id,message\n1,27\" monitor\n2,\"say \"hi\" now\"\n3,\"never closed\n4,x\n",
			want: []map[string]string{
				{"id": "1", "message": "27\" monitor"},
				{"id": "2", "message": "say \"hi\" now"},
			},
			lines:   []int{2, 3},
			badRows: []int{4},
		},
		{
			name:  "trailing empty field",
			data:  "hs_object_id,firstname,lastname\n1,Ada,\n2,\"\",\"\"\n",
			want:  []map[string]string{{"id": "1", "firstname": "Ada", "lastname": ""}, {"id": "2", "firstname": "", "lastname": ""}},
			lines: []int{2, 3},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "contacts.csv")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			rows, bad, rr := readAll(t, path, contactsObject(), "firstname", "lastname", "email", "hs_lead_status", "message")
			if len(rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d: %+v (bad %v)", len(rows), len(tc.want), rows, bad)
			}
			for i, r := range rows {
				if !reflect.DeepEqual(r.vals, tc.want[i]) {
					t.Errorf("row %d = %q, want %q", i, r.vals, tc.want[i])
				}
				if r.line != tc.lines[i] {
					t.Errorf("row %d on line %d, want %d", i, r.line, tc.lines[i])
				}
			}
			var badLines []int
			for _, b := range bad {
				badLines = append(badLines, b.Line)
				if b.File != "records/contacts.csv" {
					t.Errorf("row error file %q", b.File)
				}
			}
			if !reflect.DeepEqual(badLines, tc.badRows) {
				t.Errorf("bad rows on lines %v, want %v (%v)", badLines, tc.badRows, bad)
			}
			if rr.Rows() != len(rows) || rr.Skipped() != len(bad) {
				t.Errorf("Rows %d Skipped %d", rr.Rows(), rr.Skipped())
			}
		})
	}
}

func TestRecordsHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contacts.csv")
	data := "Record ID,First Name,Status,Favourite Colour,email,Email\n1,Ada,x,blue,a@b.c,dup\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := OpenRecords(&RecordFile{Path: path, Pos: Pos{File: "r.csv"}}, contactsObject())
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	cols := rr.Columns()
	want := []Column{
		{Header: "Record ID", Property: "hs_object_id", Known: true, ID: true},
		{Header: "First Name", Property: "firstname", Known: true, FromLabel: true},
		{Header: "Status", Property: "hs_content_membership_status", Known: true, FromLabel: true},
		{Header: "Favourite Colour", Property: "Favourite Colour"},
		{Header: "email", Property: "email", Known: true},
		{Header: "Email", Property: "email", Known: true},
	}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("columns\n%+v\nwant\n%+v", cols, want)
	}
	var msgs []string
	for _, w := range rr.Warnings() {
		msgs = append(msgs, w.Message)
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "Favourite Colour") || !strings.Contains(msgs[1], "holds email again") {
		t.Errorf("warnings = %q", msgs)
	}
	if i := rr.ColumnIndex("FIRSTNAME"); i != 1 {
		t.Errorf("ColumnIndex(firstname) = %d", i)
	}
	if i := rr.ColumnIndex("First Name"); i != 1 {
		t.Errorf("ColumnIndex(First Name) = %d", i)
	}
	if i := rr.ColumnIndex("lastname"); i != -1 {
		t.Errorf("ColumnIndex(lastname) = %d", i)
	}
	rec, err := rr.Next()
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := rec.Get("email"); !ok || v != "a@b.c" {
		t.Errorf("email = %q %v (the first column wins)", v, ok)
	}
	if v, ok := rec.Get("favourite colour"); !ok || v != "blue" {
		t.Errorf("unknown column = %q %v", v, ok)
	}
	if _, ok := rec.Get("lastname"); ok {
		t.Error("lastname has no column")
	}
	if rec.Value(99) != "" || rec.Value(-1) != "" || rec.Value(0) != "1" || rec.Len() != 6 {
		t.Error("Value out of range")
	}
}

func TestRecordsWithoutPropertiesOrID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(path, []byte("name,colour\nA,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := OpenRecords(&RecordFile{Path: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	if len(rr.Warnings()) != 1 || !strings.Contains(rr.Warnings()[0].Message, "no record id") {
		t.Errorf("warnings = %+v", rr.Warnings())
	}
	rec, err := rr.Next()
	if err != nil || rec.ID != "" {
		t.Fatalf("rec %+v err %v", rec, err)
	}
	if v, _ := rec.Get("colour"); v != "b" {
		t.Errorf("colour = %q", v)
	}
}

func TestRecordsEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(path, []byte("\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRecords(&RecordFile{Path: path}, nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("err = %v", err)
	}
	if _, err := OpenRecords(&RecordFile{Path: path + ".missing"}, nil); err == nil {
		t.Error("a missing file should fail")
	}
}

func TestRecordTooLong(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,v\n1,\"open quote\n")
	for i := 0; i < 300; i++ {
		b.WriteString(strings.Repeat("x", 1000) + "\n")
	}
	b.WriteString("2,ok\n")
	c := newCSVReader(&b)
	c.max = 64 << 10
	if err := c.read(); err != nil {
		t.Fatal(err)
	}
	err := c.read()
	var re *csvRowError
	if !errors.As(err, &re) || re.line != 2 || !strings.Contains(re.msg, "longer") {
		t.Fatalf("err = %v", err)
	}
	// Memory stayed bounded and reading goes on.
	if cap(c.buf) > 4*c.max {
		t.Errorf("buffer grew to %d", cap(c.buf))
	}
	for {
		err := c.read()
		if err == io.EOF {
			break
		}
	}

	long := strings.Repeat("y", 200<<10)
	c = newCSVReader(strings.NewReader("a\n" + long + "\nb\n"))
	c.max = 64 << 10
	var got []string
	var bad int
	for {
		err := c.read()
		if err == io.EOF {
			break
		}
		if errors.As(err, &re) {
			bad++
			continue
		}
		got = append(got, c.values(nil)...)
	}
	if bad != 1 || !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("got %q bad %d", got, bad)
	}
}

// TestCSVMatchesEncodingCSV checks the reader against encoding/csv on what
// encoding/csv writes: random fields with commas, quotes, CR, LF, unicode.
func TestCSVMatchesEncodingCSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", ",", "\"", "\n", "\r\n", " ", "é", "😀", ";", "", "x y"}
	for iter := 0; iter < 300; iter++ {
		ncols := 1 + rng.IntN(6)
		var recs [][]string
		for r := 0; r < 1+rng.IntN(8); r++ {
			rec := make([]string, ncols)
			for c := range rec {
				var sb strings.Builder
				for k := rng.IntN(6); k > 0; k-- {
					sb.WriteString(alphabet[rng.IntN(len(alphabet))])
				}
				rec[c] = sb.String()
			}
			if ncols == 1 && rec[0] == "" {
				rec[0] = "z" // encoding/csv writes a lone empty field as an empty line
			}
			recs = append(recs, rec)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.UseCRLF = rng.IntN(2) == 0
		if err := w.WriteAll(recs); err != nil {
			t.Fatal(err)
		}
		want, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		c := newCSVReader(bytes.NewReader(buf.Bytes()))
		var got [][]string
		for {
			err := c.read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("iteration %d: %v on %q", iter, err, buf.String())
			}
			got = append(got, c.values(nil))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d: input %q\n got %q\nwant %q", iter, buf.String(), got, want)
		}
	}
}

func TestAssociationRecords(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data string
		want       []AssociationRow
		bad        int
		err        string
	}{
		{
			name: "contacts-companies.csv",
			data: "Contact ID,Company ID,Association Type,Association Label\n1,10,1,Primary\n1,11,279,\n2,10,279\n3,,279,\n",
			want: []AssociationRow{{FromID: "1", ToID: "10", Type: "1", Label: "Primary", Line: 2}, {FromID: "1", ToID: "11", Type: "279", Line: 3}},
			bad:  1,
		},
		{
			name: "deals-contacts.csv",
			data: "fromId,toId,typeId\n5,6,3\n",
			want: []AssociationRow{{FromID: "5", ToID: "6", Type: "3", Line: 2}},
		},
		{
			name: "contacts-companies.csv",
			data: "\xEF\xBB\xBFRecord ID,Email,Associated Company IDs\n7,a@b.c,10;11; 12\n8,b@c.d,\n",
			want: []AssociationRow{{FromID: "7", ToID: "10", Line: 2}, {FromID: "7", ToID: "11", Line: 2}, {FromID: "7", ToID: "12", Line: 2}},
		},
		{
			name: "contacts-companies.csv",
			data: "a,b\n1,2\n",
			err:  `want e.g. "Contact ID" and "Company ID"`,
		},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		from, to, _ := SplitObjectPair(strings.TrimSuffix(tc.name, ".csv"))
		ar, err := OpenAssociations(&AssociationFile{From: from, To: to, Path: path, Pos: Pos{File: tc.name}})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var got []AssociationRow
		bad := 0
		for {
			r, err := ar.Next()
			if err == io.EOF {
				break
			}
			var re *RowError
			if errors.As(err, &re) {
				bad++
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, *r)
		}
		ar.Close()
		if !reflect.DeepEqual(got, tc.want) || bad != tc.bad {
			t.Errorf("%s: got %+v bad %d\nwant %+v bad %d", tc.name, got, bad, tc.want, tc.bad)
		}
		if len(got) > 0 && got[0].Type != "" && got[0].TypeID() == 0 {
			t.Errorf("TypeID of %q", got[0].Type)
		}
	}
}
