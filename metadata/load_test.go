package metadata

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// writeTree writes files (slash paths → content) under a fresh folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func load(t *testing.T, root string, opts Options) *Org {
	t.Helper()
	org, err := Load(root, opts)
	if err != nil {
		t.Fatalf("Load(%s): %v", root, err)
	}
	return org
}

// loadFiles loads a tree given as files, without built-in knowledge unless
// opts asks for it.
func loadFiles(t *testing.T, files map[string]string) *Org {
	t.Helper()
	return load(t, writeTree(t, files), Options{SkipBuiltin: true})
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// sfdx wraps files of a single SFDX package directory "force-app".
func sfdx(files map[string]string) map[string]string {
	out := map[string]string{"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}]}`}
	for k, v := range files {
		out["force-app/main/default/"+k] = v
	}
	return out
}

func el(root, body string) string {
	return xmlHead + "<" + root + ` xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n" + body + "\n</" + root + ">\n"
}

func noDiagnostics(t *testing.T, org *Org) {
	t.Helper()
	for _, d := range org.Diagnostics {
		t.Errorf("unexpected diagnostic: %s: %s", d.Pos, d.Message)
	}
}

// normalize zeroes everything that legitimately differs between the two
// formats of one org: file positions and byte offsets, the checkout's own
// path and layout, file counts. Field order is made canonical.
func normalize(org *Org) {
	org.Root, org.Roots, org.Formats, org.PackageDirs = "", nil, nil, nil
	org.Stats.Files, org.Stats.Bytes = 0, 0
	for _, o := range org.Objects {
		sort.Strings(o.FieldOrder)
	}
	zeroPositions(reflect.ValueOf(org))
}

var posType = reflect.TypeOf(Pos{})

func zeroPositions(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			zeroPositions(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == posType {
			v.Set(reflect.Zero(posType))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			name := v.Type().Field(i).Name
			if name == "FormulaStart" || name == "FormulaEnd" {
				f.SetInt(0)
				continue
			}
			if f.CanSet() {
				zeroPositions(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			zeroPositions(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if e.Kind() == reflect.Pointer {
				zeroPositions(e)
				continue
			}
			if e.Kind() == reflect.Struct {
				c := reflect.New(e.Type()).Elem()
				c.Set(e)
				zeroPositions(c)
				v.SetMapIndex(k, c)
			}
		}
	}
}

func modelJSON(t *testing.T, org *Org) []byte {
	t.Helper()
	b, err := json.MarshalIndent(org, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstDifference describes where two JSON renderings part.
func firstDifference(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			from := i - 8
			if from < 0 {
				from = 0
			}
			return fmt.Sprintf("line %d:\n--- first\n%s\n--- second\n%s", i+1,
				strings.Join(al[from:min(i+3, len(al))], "\n"), strings.Join(bl[from:min(i+3, len(bl))], "\n"))
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}

const bothFormats = "testdata/bothformats"

// TestBothFormatsSameModel loads one org written in source format and in
// Metadata API format and requires the same model.
func TestBothFormatsSameModel(t *testing.T) {
	for _, builtin := range []bool{false, true} {
		t.Run(fmt.Sprintf("builtin=%v", builtin), func(t *testing.T) {
			src := load(t, filepath.Join(bothFormats, "sfdx"), Options{SkipBuiltin: !builtin})
			md := load(t, filepath.Join(bothFormats, "mdapi"), Options{SkipBuiltin: !builtin})
			noDiagnostics(t, src)
			noDiagnostics(t, md)
			if got := src.Formats; len(got) != 1 || got[0] != FormatSFDX {
				t.Errorf("sfdx formats = %v", got)
			}
			if got := md.Formats; len(got) != 1 || got[0] != FormatMDAPI {
				t.Errorf("mdapi formats = %v", got)
			}
			normalize(src)
			normalize(md)
			a, b := modelJSON(t, src), modelJSON(t, md)
			if !bytes.Equal(a, b) {
				t.Fatalf("source and Metadata API formats give different models; %s", firstDifference(a, b))
			}
		})
	}
}

// TestBothFormatsGolden pins the model of the shared test org, positions
// included (run with -update to rewrite after reviewing the change).
func TestBothFormatsGolden(t *testing.T) {
	org := load(t, filepath.Join(bothFormats, "sfdx"), Options{SkipBuiltin: true})
	org.Root = ""
	got := modelJSON(t, org)
	golden := filepath.Join(bothFormats, "model.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestBothFormatsGolden -update)", err)
	}
	if !bytes.Equal(append(got, '\n'), want) {
		t.Fatalf("model differs from %s; %s", golden, firstDifference(append(got, '\n'), want))
	}
}

// TestDeterministic loads with one and with many workers.
func TestDeterministic(t *testing.T) {
	for _, dir := range []string{filepath.Join(bothFormats, "sfdx"), filepath.Join(bothFormats, "mdapi")} {
		one := load(t, dir, Options{Workers: 1})
		many := load(t, dir, Options{Workers: 16})
		one.Root, many.Root = "", ""
		if a, b := modelJSON(t, one), modelJSON(t, many); !bytes.Equal(a, b) {
			t.Errorf("%s: result depends on the number of workers; %s", dir, firstDifference(a, b))
		}
	}
}

// TestParsersAgree checks the fast tree builder against xmlquery's parser on
// the shared org (positions aside: xmlquery numbers lines differently).
func TestParsersAgree(t *testing.T) {
	for _, dir := range []string{filepath.Join(bothFormats, "sfdx"), filepath.Join(bothFormats, "mdapi")} {
		fast := load(t, dir, Options{})
		ref := load(t, dir, Options{Parser: ParserXMLQuery})
		normalize(fast)
		normalize(ref)
		if a, b := modelJSON(t, fast), modelJSON(t, ref); !bytes.Equal(a, b) {
			t.Errorf("%s: fast builder and xmlquery disagree; %s", dir, firstDifference(a, b))
		}
	}
}
