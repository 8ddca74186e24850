package findings

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/synclint/synclint/hubspotschema"
)

// The association pass reads HubSpot association exports
// (records/<from>-<to>.csv: one row per associated pair and association
// type) once per analysis with records, before the record pass, and hands
// every rule that asked for a pair the same aggregate of it. Rules ask with
// Pass.OnAssociations during Run.
//
// Memory. HubSpot's exports list a record's associations together (the
// v4 batch read returns them per "from" record, and the fixture's and
// HubSpot's UI exports are sorted by the from id), so the pass first reads
// the file as groups of consecutive rows with the same from id: memory
// stays constant, whatever the file's size. When a from id comes back in
// a later group (ids go down), the file is not grouped and the pass reads
// it again, counting distinct pairs in a map keyed by a 64-bit form of the
// id (the numeric id itself, or its FNV-1a hash): memory is then O(number
// of from records), about 50 bytes each. Rules that need membership tests
// (HasFrom) also get a sorted slice of 8-byte keys, O(from records).

// AssociationSummary is the aggregate of one association export, seen from
// the side a rule asked for.
type AssociationSummary struct {
	// File is the export read (relative path).
	File string
	// From and To are the HubSpot object types, in the orientation asked.
	From, To string
	// Rows is the number of association rows read (pair × association type).
	Rows int64
	// FromIDs is the number of distinct From records with an association.
	FromIDs int64
	// Multi counts From records associated with two or more distinct To
	// records; MultiExamples are the first of them (Value says how many).
	Multi         int64
	MultiExamples []Example
	// Types counts rows per association type (typeId and label), in order
	// of first appearance.
	Types []*AssociationTypeCount
	// Grouped reports that the file listed each From record's rows
	// together (read in one streaming pass).
	Grouped bool

	fromKeys []uint64
	// skipped are the rows the reader could not use (SL03).
	skipped rowProblems
}

// AssociationTypeCount counts the rows of one association type.
type AssociationTypeCount struct {
	TypeID int
	// Label is the association label ("" for the unlabeled default).
	Label string
	Rows  int64
	// Examples are the first rows (RecordID is the From record id).
	Examples []Example
}

// HasFrom reports whether the From record with the given id has at least
// one association (only when the request asked for membership).
func (s *AssociationSummary) HasFrom(id string) bool {
	k := idKey(id)
	i := sort.Search(len(s.fromKeys), func(i int) bool { return s.fromKeys[i] >= k })
	return i < len(s.fromKeys) && s.fromKeys[i] == k
}

// TypeCount returns the row count of an association label (case-insensitive)
// or, when label is "", of a type id.
func (s *AssociationSummary) TypeCount(label string, typeID int) *AssociationTypeCount {
	for _, t := range s.Types {
		if label != "" && strings.EqualFold(t.Label, label) {
			return t
		}
		if label == "" && typeID != 0 && t.TypeID == typeID {
			return t
		}
	}
	return nil
}

type assocRequest struct {
	from, to    string
	wantFromSet bool
	done        []func(*AssociationSummary)
}

type assocRegistry struct {
	mu       sync.Mutex
	requests []*assocRequest
}

const assocRegistryKey = "assocpass.registry"

// OnAssociations asks for the aggregate of the association export between
// HubSpot object types from and to (either file orientation is accepted:
// companies-contacts.csv answers a contacts→companies request). done runs
// after the association pass, before the record pass, only when the run
// reads records and such a file exists. wantFromSet keeps the set of From
// ids for HasFrom.
func (p *Pass) OnAssociations(from, to string, wantFromSet bool, done func(*AssociationSummary)) {
	reg := p.Shared.Get(assocRegistryKey, func() any { return &assocRegistry{} }).(*assocRegistry)
	from, to = hubspotschema.CanonicalObjectType(from), hubspotschema.CanonicalObjectType(to)
	reg.mu.Lock()
	defer reg.mu.Unlock()
	for _, r := range reg.requests {
		if r.from == from && r.to == to {
			r.wantFromSet = r.wantFromSet || wantFromSet
			r.done = append(r.done, done)
			return
		}
	}
	reg.requests = append(reg.requests, &assocRequest{from: from, to: to, wantFromSet: wantFromSet, done: []func(*AssociationSummary){done}})
}

// runAssociationPass reads each requested association export once and
// calls the rules' callbacks. Requests are served in registration order
// of their first asker, sorted by pair for a stable order.
func runAssociationPass(in *Input, shared *Shared, s *sink) {
	v := shared.Get(assocRegistryKey, func() any { return &assocRegistry{} }).(*assocRegistry)
	v.mu.Lock()
	reqs := append([]*assocRequest(nil), v.requests...)
	v.mu.Unlock()
	if len(reqs) == 0 {
		return
	}
	sort.Slice(reqs, func(i, j int) bool {
		if reqs[i].from != reqs[j].from {
			return reqs[i].from < reqs[j].from
		}
		return reqs[i].to < reqs[j].to
	})
	files := in.HubSpot.AssociationRecords
	if in.RecordsDir != "" {
		files = hubspotschema.FindAssociationFiles(in.RecordsDir, in.Root)
	}
	reportedSkips := map[string]bool{}
	for _, r := range reqs {
		f, reversed := findAssociationFile(in.HubSpot, files, r.from, r.to)
		if f == nil {
			continue
		}
		sum, err := summarizeAssociations(f, r.from, r.to, reversed, r.wantFromSet)
		if err != nil {
			s.add(Finding{Rule: "SL03", Severity: Error, Message: err.Error(), Location: Location{File: f.Pos.File, Line: f.Pos.Line}})
			continue
		}
		if !reportedSkips[f.Pos.File] {
			// Both orientations of a pair may read the same file.
			reportedSkips[f.Pos.File] = true
			sum.skipped.report(s, f.Pos.File)
		}
		for _, done := range r.done {
			done(sum)
		}
	}
}

// findAssociationFile finds the export of a pair in either orientation.
// Custom object files may be named by any of the object's names (projects,
// 2-7654321, p123_projects).
func findAssociationFile(hs *hubspotschema.Export, files []*hubspotschema.AssociationFile, from, to string) (*hubspotschema.AssociationFile, bool) {
	same := func(a, b string) bool {
		a, b = hubspotschema.CanonicalObjectType(a), hubspotschema.CanonicalObjectType(b)
		if a == b {
			return true
		}
		oa, ob := hs.Object(a), hs.Object(b)
		return oa != nil && oa == ob
	}
	for _, f := range files {
		if same(f.From, from) && same(f.To, to) {
			return f, false
		}
	}
	for _, f := range files {
		if same(f.From, to) && same(f.To, from) {
			return f, true
		}
	}
	return nil, false
}

// errNotGrouped stops the streaming read of a file whose rows are not
// grouped by the key id.
var errNotGrouped = errors.New("association rows are not grouped by id")

func summarizeAssociations(f *hubspotschema.AssociationFile, from, to string, reversed, wantSet bool) (*AssociationSummary, error) {
	if !reversed {
		sum, err := readAssociations(f, from, to, false, wantSet, true)
		if err != errNotGrouped {
			return sum, err
		}
	}
	return readAssociations(f, from, to, reversed, wantSet, false)
}

// readAssociations aggregates one file. grouped streams groups of
// consecutive rows and fails with errNotGrouped when a key comes back;
// otherwise a map counts distinct pairs.
func readAssociations(f *hubspotschema.AssociationFile, from, to string, reversed, wantSet, grouped bool) (*AssociationSummary, error) {
	ar, err := hubspotschema.OpenAssociations(f)
	if err != nil {
		return nil, err
	}
	defer ar.Close()
	sum := &AssociationSummary{File: f.Pos.File, From: from, To: to, Grouped: grouped}

	// Grouped mode state.
	var curKey string
	var curK uint64
	var curLine int
	var curTo []string
	var prevK uint64
	prevNumeric, havePrev := false, false
	flush := func() {
		if curKey == "" {
			return
		}
		sum.FromIDs++
		if wantSet {
			sum.fromKeys = append(sum.fromKeys, curK)
		}
		if len(curTo) > 1 {
			sum.addMulti(curKey, len(curTo), curTo, curLine)
		}
	}
	// Map mode state: the first To key of each From key, and the distinct
	// To keys of the From keys that have several.
	first := map[uint64]uint64{}
	multi := map[uint64][]uint64{}
	var multiOrder []uint64
	multiInfo := map[uint64]Example{}

	for {
		row, err := ar.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *hubspotschema.RowError
			if errors.As(err, &re) {
				sum.skipped.add(re)
				continue
			}
			return nil, err
		}
		sum.Rows++
		key, other := row.FromID, row.ToID
		if reversed {
			key, other = other, key
		}
		// Exports carry a handful of association types: a linear search
		// allocates nothing per row.
		tid := row.TypeID()
		var tc *AssociationTypeCount
		for _, x := range sum.Types {
			if x.TypeID == tid && strings.EqualFold(x.Label, row.Label) {
				tc = x
				break
			}
		}
		if tc == nil {
			tc = &AssociationTypeCount{TypeID: tid, Label: row.Label}
			sum.Types = append(sum.Types, tc)
		}
		tc.Rows++
		if len(tc.Examples) < MaxExamples {
			tc.Examples = append(tc.Examples, Example{RecordID: key, Value: other, Line: row.Line})
		}
		if grouped {
			if key != curKey {
				k := idKey(key)
				_, numeric := numericID(key)
				if havePrev && ((numeric && prevNumeric && k < prevK) || (!(numeric && prevNumeric) && key < curKey)) {
					return nil, errNotGrouped
				}
				flush()
				curKey, curK, curLine, curTo = key, k, row.Line, curTo[:0]
				prevK, prevNumeric, havePrev = k, numeric, true
			}
			if !containsString(curTo, other) {
				curTo = append(curTo, other)
			}
			continue
		}
		k, ok := idKey(key), idKey(other)
		f0, seen := first[k]
		if !seen {
			first[k] = ok
			continue
		}
		if f0 == ok {
			continue
		}
		list, isMulti := multi[k]
		if !isMulti {
			list = []uint64{f0}
			multiOrder = append(multiOrder, k)
			multiInfo[k] = Example{RecordID: key, Line: row.Line}
		}
		if !containsKey(list, ok) {
			list = append(list, ok)
		}
		multi[k] = list
	}
	if grouped {
		flush()
	} else {
		sum.FromIDs = int64(len(first))
		if wantSet {
			sum.fromKeys = make([]uint64, 0, len(first))
			for k := range first {
				sum.fromKeys = append(sum.fromKeys, k)
			}
		}
		for _, k := range multiOrder {
			ex := multiInfo[k]
			sum.addMulti(ex.RecordID, len(multi[k]), nil, ex.Line)
		}
	}
	sort.Slice(sum.fromKeys, func(i, j int) bool { return sum.fromKeys[i] < sum.fromKeys[j] })
	return sum, nil
}

func (s *AssociationSummary) addMulti(id string, n int, to []string, line int) {
	s.Multi++
	if len(s.MultiExamples) >= MaxExamples {
		return
	}
	v := fmt.Sprintf("%d %s", n, s.To)
	if len(to) > 0 {
		v += ": " + strings.Join(to, ", ")
	}
	s.MultiExamples = append(s.MultiExamples, Example{RecordID: id, Value: v, Line: line})
}

// numericID parses a HubSpot record id (a decimal number).
func numericID(s string) (uint64, bool) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// idKey is the 64-bit key of an id: the number itself, or a hash of the
// text for ids that are not numbers.
func idKey(s string) uint64 {
	if n, ok := numericID(s); ok {
		return n
	}
	h := fnv.New64a()
	h.Write([]byte(strings.TrimSpace(s)))
	return h.Sum64() | 1<<63
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsKey(list []uint64, k uint64) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}
