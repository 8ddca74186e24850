package hubspotschema

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchColumns is a HubSpot-like contacts export: 30 columns of the usual
// property kinds.
var benchColumns = []string{
	"hs_object_id", "firstname", "lastname", "email", "phone", "mobilephone", "company", "jobtitle",
	"address", "city", "state", "zip", "country", "website", "industry", "annualrevenue", "numemployees",
	"hs_lead_status", "lifecyclestage", "hubspot_owner_id", "createdate", "lastmodifieddate",
	"hs_email_optout", "salutation", "message", "hs_analytics_source", "notes_last_contacted",
	"num_notes", "hs_legal_basis", "fax",
}

// writeBenchCSV writes rows records to path; every 50th row has a quoted
// value with a comma, every 500th a quoted multi-line message, like real
// exports.
func writeBenchCSV(tb testing.TB, path string, rows int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(strings.Join(benchColumns, ",") + "\n")
	statuses := []string{"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"}
	industries := []string{"COMPUTER_SOFTWARE", "HOSPITAL_HEALTH_CARE", "FINANCIAL_SERVICES", "", "RETAIL"}
	for i := 1; i <= rows; i++ {
		id := strconv.Itoa(1000000 + i)
		company := "Acme " + strconv.Itoa(i%997)
		if i%50 == 0 {
			company = `"Acme, Inc. ` + strconv.Itoa(i%97) + `"`
		}
		message := "Interested in pricing"
		if i%500 == 0 {
			message = "\"Line one\nline \"\"two\"\"\""
		}
		fields := []string{
			id, "First" + strconv.Itoa(i%1000), "Last" + strconv.Itoa(i%3000), "user" + id + "@example.com",
			"+1 555 01" + strconv.Itoa(i%100), "", company, "Head of Operations",
			strconv.Itoa(i%9999) + " Main Street", "Springfield", "CA", "9" + strconv.Itoa(1000+i%8999), "United States",
			"https://acme" + strconv.Itoa(i%997) + ".example.com", industries[i%len(industries)], strconv.Itoa(i%100) + "000",
			"25-50", statuses[i%len(statuses)], "lead", strconv.Itoa(10000 + i%40), "2024-03-0" + strconv.Itoa(1+i%9) + "T10:11:12.345Z",
			"2025-01-15T08:00:00Z", []string{"true", "false"}[i%2], "Dr.", message, "ORGANIC_SEARCH", "",
			strconv.Itoa(i % 12), "Legitimate interest – prospect/lead;Performance of a contract", "",
		}
		w.WriteString(strings.Join(fields, ","))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

func benchObject() *ObjectType {
	o := &ObjectType{Name: "contacts", Properties: map[string]*Property{}}
	for _, c := range benchColumns {
		o.Properties[c] = &Property{ObjectType: "contacts", Name: c, Label: c, Type: "string", FieldType: "text"}
		o.Order = append(o.Order, c)
	}
	return o
}

// memSampler tracks peak HeapInuse (live data plus garbage not yet
// collected, bounded by the GC's 4 MiB minimum target) and peak live heap
// as of the last GC (/gc/heap/live:bytes) while streaming. ReadMemStats
// stops the world, so it samples every sampleEvery rows.
type memSampler struct {
	peakInuse uint64
	peakLive  uint64
	startTA   uint64
	ms        runtime.MemStats
	live      []metrics.Sample
}

const sampleEvery = 20000

func (m *memSampler) start() {
	runtime.GC()
	runtime.ReadMemStats(&m.ms)
	m.startTA = m.ms.TotalAlloc
	m.peakInuse = m.ms.HeapInuse
	m.peakLive = 0
}

func (m *memSampler) sample() {
	runtime.ReadMemStats(&m.ms)
	if m.ms.HeapInuse > m.peakInuse {
		m.peakInuse = m.ms.HeapInuse
	}
	if m.live == nil {
		m.live = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	}
	metrics.Read(m.live)
	if m.live[0].Value.Kind() == metrics.KindUint64 && m.live[0].Value.Uint64() > m.peakLive {
		m.peakLive = m.live[0].Value.Uint64()
	}
}

func benchRecords(b *testing.B, rows int) {
	path := filepath.Join(b.TempDir(), "contacts.csv")
	size := writeBenchCSV(b, path, rows)
	obj := benchObject()
	f := &RecordFile{ObjectType: "contacts", Path: path, Pos: Pos{File: "records/contacts.csv"}}
	var mem memSampler
	var total int
	var elapsed time.Duration
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mem.start()
		t0 := time.Now()
		rr, err := OpenRecords(f, obj)
		if err != nil {
			b.Fatal(err)
		}
		emailCol := rr.ColumnIndex("email")
		n, chars := 0, 0
		for {
			rec, err := rr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			chars += len(rec.Value(emailCol)) + len(rec.ID)
			n++
			if n%sampleEvery == 0 {
				mem.sample()
			}
		}
		rr.Close()
		elapsed += time.Since(t0)
		if n != rows || chars == 0 {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
		total += n
	}
	b.StopTimer()
	mem.sample()
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(mem.peakInuse)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(mem.peakLive)/(1<<10), "peak-live-KiB")
	b.ReportMetric(float64(mem.ms.TotalAlloc-mem.startTA)/float64(rows), "alloc-B/row")
}

// BenchmarkRecords1M streams a 1,000,000-row, 30-column contacts export.
// Compare peak-heap-MiB with BenchmarkRecords100k: memory does not grow
// with rows.
func BenchmarkRecords1M(b *testing.B) { benchRecords(b, 1_000_000) }

// BenchmarkRecords100k is the same export with a tenth of the rows.
func BenchmarkRecords100k(b *testing.B) { benchRecords(b, 100_000) }

// BenchmarkEncodingCSV100k reads the 100k export with encoding/csv
// (ReuseRecord), the baseline our reader was measured against.
func BenchmarkEncodingCSV100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "contacts.csv")
	size := writeBenchCSV(b, path, 100_000)
	b.SetBytes(size)
	b.ResetTimer()
	var elapsed time.Duration
	total := 0
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
		r.ReuseRecord = true
		r.FieldsPerRecord = -1
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			_ = rec
			n++
		}
		f.Close()
		elapsed += time.Since(t0)
		total += n
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
}

func ExampleOpenRecords() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "contacts.csv")
	os.WriteFile(path, []byte("Record ID,First Name,Email\n1,Ada,ada@example.com\n2,Bob\n"), 0o644)

	obj := &ObjectType{Name: "contacts", Properties: map[string]*Property{
		"firstname": {Name: "firstname", Label: "First Name"},
		"email":     {Name: "email", Label: "Email"},
	}, Order: []string{"firstname", "email"}}
	rr, err := OpenRecords(&RecordFile{Path: path, Pos: Pos{File: "records/contacts.csv"}}, obj)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rr.Close()
	email := rr.ColumnIndex("email")
	for {
		rec, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		name, _ := rec.Get("firstname")
		fmt.Println(rec.ID, name, rec.Value(email))
	}
	// Output:
	// 1 Ada ada@example.com
	// skipped: records/contacts.csv:3: the row has 2 values but the header has 3 columns; skipped
}
