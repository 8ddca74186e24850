package hubspotschema

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultAPIBase is HubSpot's API host.
const DefaultAPIBase = "https://api.hubapi.com"

// PullObjects are the object selections Pull understands; "custom" means
// every custom object the Schemas API lists.
var PullObjects = []string{"contacts", "companies", "deals", "tickets", "custom"}

// PullOptions configures Pull.
type PullOptions struct {
	// BaseURL is the API host (DefaultAPIBase when empty).
	BaseURL string
	// Token is a private app access token. It is sent only in the
	// Authorization header and never appears in errors or output.
	Token string
	// Objects selects what to pull (PullObjects; all when empty).
	Objects []string
	// Records is how many records of each object to export as CSV (0: none).
	Records int
	// OutDir receives the export layout Load reads.
	OutDir string
	// HTTPClient defaults to a client with a 60 s timeout.
	HTTPClient *http.Client
	// Progress, when set, receives one self-overwriting status line
	// ("\r…"); pass the terminal's stderr.
	Progress io.Writer
	// MaxRetries bounds retries of 429, 5xx and network failures per
	// request (default 6). BackoffBase is the first wait (default 1 s),
	// doubled on each retry up to MaxBackoff (default 60 s); a Retry-After
	// header overrides it.
	MaxRetries  int
	BackoffBase time.Duration
	MaxBackoff  time.Duration
	// Sleep waits; tests replace it. Defaults to a context-aware timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// PullSummary tells what Pull wrote.
type PullSummary struct {
	// Files are the files written, relative to OutDir, in write order.
	Files []string
	// Properties, Pipelines and Records count what each object got.
	Properties map[string]int
	Pipelines  map[string]int
	Records    map[string]int
	Owners     int
	// AssociationLabels counts association types over all object pairs.
	AssociationLabels int
	Schemas           int
	// Requests and Retries count HTTP requests made and retried.
	Requests int
	Retries  int
	// Skipped lists the endpoints HubSpot refused (usually a missing
	// scope); their files were not written.
	Skipped []PullSkip
}

// PullSkip is an endpoint Pull could not read.
type PullSkip struct {
	File   string
	Reason string
}

// APIError is a HubSpot API error response.
type APIError struct {
	Status   int
	Method   string
	Path     string
	Category string
	Message  string
	// Scopes are the scopes HubSpot says the call needs (403).
	Scopes []string
}

// Error names the request and status, and for 401 and 403 says what to do
// (rotate the token; add the scope HubSpot named).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Category != "" {
		b.WriteString(" " + e.Category)
	}
	switch e.Status {
	case http.StatusUnauthorized:
		if e.Message != "" {
			b.WriteString(": " + e.Message)
		}
		b.WriteString(": HubSpot rejected the access token (expired, revoked or mistyped); create or rotate a private app token and set HUBSPOT_ACCESS_TOKEN")
	case http.StatusForbidden:
		if len(e.Scopes) > 0 {
			b.WriteString(": the private app lacks the scope " + strings.Join(e.Scopes, " or ") + "; add it under Settings → Integrations → Private Apps → Scopes")
		} else if e.Message != "" {
			b.WriteString(": " + e.Message)
		}
	default:
		if e.Message != "" {
			b.WriteString(": " + e.Message)
		}
	}
	return b.String()
}

// ErrUnknownObject is an object selection Pull does not know.
var ErrUnknownObject = errors.New("unknown object")

// ErrNoToken means PullOptions.Token is empty.
var ErrNoToken = errors.New("no HubSpot access token: set HUBSPOT_ACCESS_TOKEN to a private app token with read scopes (crm.schemas.*.read, crm.objects.*.read, crm.objects.owners.read)")

// Pull exports a portal's schema (and optionally the first records of each
// object) through HubSpot's public CRM APIs into OutDir, in the layout
// Load reads: properties v3, pipelines v3, owners v3 (paged, archived
// included), association labels v4, object schemas v3 with each custom
// object's properties, and records/<objectType>.csv (header = internal
// names, id column hs_object_id). Every file is written atomically. A 401
// stops the pull; a 403 (missing scope) skips that endpoint, which is
// listed in the summary with the scope HubSpot names.
func Pull(ctx context.Context, opts PullOptions) (PullSummary, error) {
	sum := PullSummary{Properties: map[string]int{}, Pipelines: map[string]int{}, Records: map[string]int{}}
	if strings.TrimSpace(opts.Token) == "" {
		return sum, ErrNoToken
	}
	objects, custom, err := pullSelection(opts.Objects)
	if err != nil {
		return sum, err
	}
	if opts.OutDir == "" {
		return sum, errors.New("no output folder")
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return sum, err
	}
	c := newAPIClient(opts, &sum)
	p := &puller{c: c, opts: opts, sum: &sum, props: map[string][]string{}}
	err = p.run(ctx, objects, custom)
	c.progressDone()
	if err != nil {
		return sum, c.redactErr(err)
	}
	return sum, nil
}

func pullSelection(sel []string) (objects []string, custom bool, err error) {
	if len(sel) == 0 {
		sel = PullObjects
	}
	seen := map[string]bool{}
	for _, s := range sel {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if strings.EqualFold(s, "custom") {
			custom = true
			continue
		}
		c := CanonicalObjectType(s)
		if !isStandardObject(c) {
			return nil, false, fmt.Errorf("%w %q (want contacts, companies, deals, tickets or custom)", ErrUnknownObject, s)
		}
		if !seen[c] {
			seen[c] = true
			objects = append(objects, c)
		}
	}
	return objects, custom, nil
}

type puller struct {
	c    *apiClient
	opts PullOptions
	sum  *PullSummary
	// props holds each pulled object's property names, for records.
	props map[string][]string
}

// customObject is a custom object found through the Schemas API.
type customObject struct {
	name, typeID string
}

func (p *puller) run(ctx context.Context, objects []string, custom bool) error {
	for _, obj := range objects {
		if err := p.properties(ctx, obj, obj); err != nil {
			return err
		}
	}
	for _, obj := range objects {
		if obj == "deals" || obj == "tickets" {
			if err := p.pipelines(ctx, obj); err != nil {
				return err
			}
		}
	}
	if err := p.owners(ctx); err != nil {
		return err
	}
	var customs []customObject
	if custom {
		var err error
		if customs, err = p.schemas(ctx); err != nil {
			return err
		}
		for _, co := range customs {
			if err := p.properties(ctx, co.name, co.typeID); err != nil {
				return err
			}
		}
	}
	if err := p.associationLabels(ctx, objects, customs); err != nil {
		return err
	}
	if p.opts.Records > 0 {
		for _, obj := range objects {
			if err := p.records(ctx, obj, obj); err != nil {
				return err
			}
		}
		for _, co := range customs {
			if err := p.records(ctx, co.name, co.typeID); err != nil {
				return err
			}
		}
	}
	return nil
}

// skipOrFail records a refused endpoint (403, or 404/400 where HubSpot
// has nothing for the request) and fails on anything else.
func (p *puller) skipOrFail(file string, err error) error {
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound || ae.Status == http.StatusBadRequest) {
		p.sum.Skipped = append(p.sum.Skipped, PullSkip{File: file, Reason: p.c.redact(ae.Error())})
		return nil
	}
	return err
}

func (p *puller) write(rel string, data []byte) error {
	if err := writeFileAtomic(filepath.Join(p.opts.OutDir, filepath.FromSlash(rel)), data); err != nil {
		return err
	}
	p.sum.Files = append(p.sum.Files, rel)
	return nil
}

// properties pulls /crm/v3/properties/{objectType} into
// properties/<name>.json, as HubSpot returns it.
func (p *puller) properties(ctx context.Context, name, apiType string) error {
	rel := PropertiesDir + "/" + fileSafe(name) + ".json"
	p.c.progress("properties of " + name)
	body, err := p.c.get(ctx, "/crm/v3/properties/"+url.PathEscape(apiType), url.Values{"archived": {"false"}})
	if err != nil {
		return p.skipOrFail(rel, err)
	}
	obj, diags := parseProperties(rel, name, body)
	if len(diags) > 0 {
		return fmt.Errorf("%s: HubSpot's response does not read as a properties export: %s", rel, diags[0].Message)
	}
	for _, q := range obj.SortedProperties() {
		p.props[name] = append(p.props[name], q.Name)
	}
	p.sum.Properties[name] = len(obj.Properties)
	return p.write(rel, body)
}

func (p *puller) pipelines(ctx context.Context, obj string) error {
	rel := PipelinesDir + "/" + obj + ".json"
	p.c.progress("pipelines of " + obj)
	body, err := p.c.get(ctx, "/crm/v3/pipelines/"+obj, nil)
	if err != nil {
		return p.skipOrFail(rel, err)
	}
	ps, diags := parsePipelines(rel, obj, body)
	if len(diags) > 0 {
		return fmt.Errorf("%s: HubSpot's response does not read as pipelines: %s", rel, diags[0].Message)
	}
	p.sum.Pipelines[obj] = len(ps)
	return p.write(rel, body)
}

// pagedResults follows v3 paging (paging.next.after) and returns every
// result; most bounds the count when > 0.
func (p *puller) pagedResults(ctx context.Context, path string, q url.Values, most int) ([]json.RawMessage, error) {
	var out []json.RawMessage
	after := ""
	for {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		limit := 100
		if most > 0 && most-len(out) < limit {
			limit = most - len(out)
		}
		qq.Set("limit", strconv.Itoa(limit))
		if after != "" {
			qq.Set("after", after)
		}
		body, err := p.c.get(ctx, path, qq)
		if err != nil {
			return nil, err
		}
		var page struct {
			Results []json.RawMessage `json:"results"`
			Paging  struct {
				Next struct {
					After string `json:"after"`
				} `json:"next"`
			} `json:"paging"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("GET %s: the response is not a result page: %v", path, err)
		}
		out = append(out, page.Results...)
		next := page.Paging.Next.After
		if next == "" || next == after || (most > 0 && len(out) >= most) || len(page.Results) == 0 {
			return out, nil
		}
		after = next
	}
}

// owners pulls active and archived owners into one owners.json
// {"results":[…]}: archived owners still own records, and the integration
// cannot match them to a Salesforce user.
func (p *puller) owners(ctx context.Context) error {
	p.c.progress("owners")
	active, err := p.pagedResults(ctx, "/crm/v3/owners", nil, 0)
	if err != nil {
		return p.skipOrFail(OwnersFile, err)
	}
	archived, err := p.pagedResults(ctx, "/crm/v3/owners", url.Values{"archived": {"true"}}, 0)
	if err != nil {
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status == http.StatusUnauthorized {
			return err
		}
		archived = nil // active owners are still worth writing
	}
	all := append(active, archived...)
	data, err := json.MarshalIndent(map[string]any{"results": all}, "", "  ")
	if err != nil {
		return err
	}
	p.sum.Owners = len(all)
	return p.write(OwnersFile, data)
}

// schemas pulls the custom object schemas and returns the custom objects.
func (p *puller) schemas(ctx context.Context) ([]customObject, error) {
	p.c.progress("custom object schemas")
	body, err := p.c.get(ctx, "/crm-object-schemas/v3/schemas", nil)
	if err != nil {
		return nil, p.skipOrFail(SchemasFile, err)
	}
	ss, diags := parseSchemas(SchemasFile, body)
	if len(diags) > 0 {
		return nil, fmt.Errorf("%s: HubSpot's response does not read as object schemas: %s", SchemasFile, diags[0].Message)
	}
	var out []customObject
	for _, s := range ss {
		if s.ObjectTypeID == "" || isStandardObject(CanonicalObjectType(s.ObjectTypeID)) {
			continue
		}
		out = append(out, customObject{name: schemaObjectName(s), typeID: s.ObjectTypeID})
	}
	p.sum.Schemas = len(ss)
	return out, p.write(SchemasFile, body)
}

// associationLabels pulls /crm/v4/associations/{from}/{to}/labels for every
// ordered pair of pulled objects (custom objects paired with the standard
// ones).
func (p *puller) associationLabels(ctx context.Context, objects []string, customs []customObject) error {
	type end struct{ name, api string }
	var std, all []end
	for _, o := range objects {
		std = append(std, end{o, o})
	}
	all = append(all, std...)
	for _, c := range customs {
		all = append(all, end{c.name, c.typeID})
	}
	for _, from := range all {
		for _, to := range all {
			if from == to {
				continue
			}
			_, fromCustom := customIndex(customs, from.name)
			_, toCustom := customIndex(customs, to.name)
			if fromCustom && toCustom {
				continue // custom↔custom pairs come from the schemas
			}
			rel := AssociationsDir + "/" + fileSafe(from.name) + "-" + fileSafe(to.name) + ".json"
			p.c.progress("association labels " + from.name + " → " + to.name)
			body, err := p.c.get(ctx, "/crm/v4/associations/"+url.PathEscape(from.api)+"/"+url.PathEscape(to.api)+"/labels", nil)
			if err != nil {
				if err := p.skipOrFail(rel, err); err != nil {
					return err
				}
				continue
			}
			a, diags := parseAssociations(rel, from.name, to.name, body)
			if len(diags) > 0 {
				return fmt.Errorf("%s: HubSpot's response does not read as association labels: %s", rel, diags[0].Message)
			}
			p.sum.AssociationLabels += len(a.Labels)
			if err := p.write(rel, body); err != nil {
				return err
			}
		}
	}
	return nil
}

func customIndex(cs []customObject, name string) (int, bool) {
	for i, c := range cs {
		if c.name == name {
			return i, true
		}
	}
	return -1, false
}

// maxPropertiesURL bounds the GET URL: with many properties the query
// string outgrows what HubSpot's front end accepts (HTTP 414), and records
// are then read through the batch read endpoint, which takes the property
// list in the body.
var maxPropertiesURL = 6000

// records exports the first opts.Records records of an object through the
// CRM objects API into records/<name>.csv.
func (p *puller) records(ctx context.Context, name, apiType string) error {
	props := p.props[name]
	rel := RecordsDir + "/" + fileSafe(name) + ".csv"
	if len(props) == 0 {
		p.sum.Skipped = append(p.sum.Skipped, PullSkip{File: rel, Reason: "no properties were pulled for " + name + ", so there is no column list"})
		return nil
	}
	cols := []string{"hs_object_id"}
	for _, q := range props {
		if q != "hs_object_id" {
			cols = append(cols, q)
		}
	}
	path := "/crm/v3/objects/" + url.PathEscape(apiType)
	joined := strings.Join(cols, ",")
	batch := len(p.c.base)+len(path)+len(url.QueryEscape(joined)) > maxPropertiesURL

	w, err := newAtomicCSV(filepath.Join(p.opts.OutDir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	defer w.abort()
	if err := w.csv.Write(cols); err != nil {
		return err
	}
	n, after := 0, ""
	for n < p.opts.Records {
		p.c.progress(fmt.Sprintf("records of %s: %d", name, n))
		limit := min(100, p.opts.Records-n)
		q := url.Values{"limit": {strconv.Itoa(limit)}, "archived": {"false"}}
		if after != "" {
			q.Set("after", after)
		}
		if batch {
			q.Set("properties", "hs_object_id")
		} else {
			q.Set("properties", joined)
		}
		body, err := p.c.get(ctx, path, q)
		if err != nil {
			return p.skipOrFail(rel, err)
		}
		var page struct {
			Results []apiRecord `json:"results"`
			Paging  struct {
				Next struct {
					After string `json:"after"`
				} `json:"next"`
			} `json:"paging"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("GET %s: the response is not a record page: %v", path, err)
		}
		recs := page.Results
		if batch && len(recs) > 0 {
			if recs, err = p.batchRead(ctx, apiType, cols, recs); err != nil {
				return p.skipOrFail(rel, err)
			}
		}
		row := make([]string, len(cols))
		for _, r := range recs {
			if n >= p.opts.Records {
				break
			}
			row[0] = r.ID
			for i, c := range cols[1:] {
				row[i+1] = r.value(c)
			}
			if err := w.csv.Write(row); err != nil {
				return err
			}
			n++
		}
		next := page.Paging.Next.After
		if next == "" || next == after || len(page.Results) == 0 {
			break
		}
		after = next
	}
	if err := w.commit(); err != nil {
		return err
	}
	p.sum.Records[name] = n
	p.sum.Files = append(p.sum.Files, rel)
	return nil
}

// apiRecord is one CRM object from the objects API; property values are
// strings or null.
type apiRecord struct {
	ID         string                     `json:"id"`
	Properties map[string]json.RawMessage `json:"properties"`
}

func (r *apiRecord) value(prop string) string {
	raw, ok := r.Properties[prop]
	if !ok || len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	// A number or boolean: keep its literal.
	return string(bytes.TrimSpace(raw))
}

// batchRead fetches all columns of a page of records with
// POST /crm/v3/objects/{objectType}/batch/read, keeping page order.
func (p *puller) batchRead(ctx context.Context, apiType string, cols []string, page []apiRecord) ([]apiRecord, error) {
	type input struct {
		ID string `json:"id"`
	}
	req := struct {
		Properties []string `json:"properties"`
		Inputs     []input  `json:"inputs"`
	}{Properties: cols}
	for _, r := range page {
		req.Inputs = append(req.Inputs, input{r.ID})
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp, err := p.c.do(ctx, http.MethodPost, "/crm/v3/objects/"+url.PathEscape(apiType)+"/batch/read", nil, body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Results []apiRecord `json:"results"`
	}
	if err := json.Unmarshal(resp, &out); err != nil {
		return nil, fmt.Errorf("POST batch/read: the response is not a batch result: %v", err)
	}
	byID := make(map[string]apiRecord, len(out.Results))
	for _, r := range out.Results {
		byID[r.ID] = r
	}
	recs := make([]apiRecord, 0, len(page))
	for _, r := range page {
		if full, ok := byID[r.ID]; ok {
			recs = append(recs, full)
		}
	}
	return recs, nil
}

// fileSafe keeps an object name usable as a file name.
func fileSafe(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r == '/' || r == '\\' || r == ':' || r < ' ' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|' {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	return s
}

// writeFileAtomic writes through a temporary file in the same folder and
// renames it over path, so a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// atomicCSV streams a CSV into a temporary file renamed on commit.
type atomicCSV struct {
	path, tmp string
	f         *os.File
	csv       *csv.Writer
	done      bool
}

func newAtomicCSV(path string) (*atomicCSV, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &atomicCSV{path: path, tmp: f.Name(), f: f, csv: csv.NewWriter(f)}, nil
}

func (w *atomicCSV) commit() error {
	w.csv.Flush()
	if err := w.csv.Error(); err != nil {
		return err
	}
	if err := w.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(w.tmp, w.path); err != nil {
		return err
	}
	w.done = true
	return nil
}

func (w *atomicCSV) abort() {
	if !w.done {
		w.f.Close()
		os.Remove(w.tmp)
	}
}

// apiClient makes HubSpot API requests with retries and rate-limit pacing.
type apiClient struct {
	base, token string
	http        *http.Client
	sum         *PullSummary
	maxRetries  int
	backoff     time.Duration
	maxBackoff  time.Duration
	sleep       func(context.Context, time.Duration) error
	progressW   io.Writer
	progressLen int
}

func newAPIClient(opts PullOptions, sum *PullSummary) *apiClient {
	c := &apiClient{
		base:       strings.TrimRight(opts.BaseURL, "/"),
		token:      strings.TrimSpace(opts.Token),
		http:       opts.HTTPClient,
		sum:        sum,
		maxRetries: opts.MaxRetries,
		backoff:    opts.BackoffBase,
		maxBackoff: opts.MaxBackoff,
		sleep:      opts.Sleep,
		progressW:  opts.Progress,
	}
	if c.base == "" {
		c.base = DefaultAPIBase
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 60 * time.Second}
	}
	if c.maxRetries <= 0 {
		c.maxRetries = 6
	}
	if c.backoff <= 0 {
		c.backoff = time.Second
	}
	if c.maxBackoff <= 0 {
		c.maxBackoff = time.Minute
	}
	if c.sleep == nil {
		c.sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	return c
}

// redact removes the token from any text that leaves the client.
func (c *apiClient) redact(s string) string {
	if len(c.token) >= 4 {
		s = strings.ReplaceAll(s, c.token, "[REDACTED]")
	}
	return s
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func (c *apiClient) redactErr(err error) error {
	if err == nil {
		return nil
	}
	if msg := c.redact(err.Error()); msg != err.Error() {
		return &redactedError{msg: msg}
	}
	return err
}

func (c *apiClient) progress(msg string) {
	if c.progressW == nil {
		return
	}
	line := "synclint hubspot pull: " + msg
	pad := ""
	if n := c.progressLen - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	fmt.Fprint(c.progressW, "\r"+line+pad)
	c.progressLen = len(line)
}

func (c *apiClient) progressDone() {
	if c.progressW != nil && c.progressLen > 0 {
		fmt.Fprint(c.progressW, "\r"+strings.Repeat(" ", c.progressLen)+"\r")
	}
}

func (c *apiClient) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return c.do(ctx, http.MethodGet, path, q, nil)
}

// maxResponse bounds a response body (a large portal's properties are a
// few MB).
const maxResponse = 256 << 20

// do sends a request, retrying 429 (honouring Retry-After), 5xx and
// network failures with exponential backoff, and pacing on HubSpot's
// rate-limit headers.
func (c *apiClient) do(ctx context.Context, method, path string, q url.Values, body []byte) ([]byte, error) {
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	for attempt := 0; ; attempt++ {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u, rd)
		if err != nil {
			return nil, c.redactErr(err)
		}
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "synclint (hubspot pull)")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		c.sum.Requests++
		resp, err := c.http.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if attempt < c.maxRetries {
				c.sum.Retries++
				if err := c.sleep(ctx, c.backoffFor(attempt)); err != nil {
					return nil, err
				}
				continue
			}
			return nil, c.redactErr(fmt.Errorf("%s %s: %v", method, path, err))
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
		resp.Body.Close()
		if rerr != nil {
			if attempt < c.maxRetries {
				c.sum.Retries++
				if err := c.sleep(ctx, c.backoffFor(attempt)); err != nil {
					return nil, err
				}
				continue
			}
			return nil, c.redactErr(fmt.Errorf("%s %s: reading the response: %v", method, path, rerr))
		}
		if resp.StatusCode/100 == 2 {
			if err := c.pace(ctx, resp.Header); err != nil {
				return nil, err
			}
			return data, nil
		}
		apiErr := c.apiError(method, path, resp.StatusCode, data)
		retryable := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		if resp.StatusCode == http.StatusTooManyRequests && isDailyLimit(data) {
			apiErr.Message = "the portal's daily API limit is used up; try again tomorrow (" + apiErr.Message + ")"
			retryable = false
		}
		if !retryable || attempt >= c.maxRetries {
			return nil, apiErr
		}
		c.sum.Retries++
		wait := c.backoffFor(attempt)
		if ra, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			wait = min(ra, c.maxBackoff)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (c *apiClient) backoffFor(attempt int) time.Duration {
	d := c.backoff
	for i := 0; i < attempt && d < c.maxBackoff; i++ {
		d *= 2
	}
	return min(d, c.maxBackoff)
}

// pace waits out the rolling window when HubSpot says it is nearly used:
// X-HubSpot-RateLimit-Remaining requests are left in the current
// X-HubSpot-RateLimit-Interval-Milliseconds window
// (https://developers.hubspot.com/docs/api/usage-details).
func (c *apiClient) pace(ctx context.Context, h http.Header) error {
	rem, err := strconv.Atoi(strings.TrimSpace(h.Get("X-HubSpot-RateLimit-Remaining")))
	if err != nil || rem > 1 {
		return nil
	}
	interval, err := strconv.Atoi(strings.TrimSpace(h.Get("X-HubSpot-RateLimit-Interval-Milliseconds")))
	if err != nil || interval <= 0 {
		interval = 10000 // HubSpot's burst window is ten seconds
	}
	return c.sleep(ctx, min(time.Duration(interval)*time.Millisecond, c.maxBackoff))
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := time.Until(t)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// isDailyLimit recognises HubSpot's daily-limit 429 ("policyName":"DAILY").
func isDailyLimit(body []byte) bool {
	var e struct {
		PolicyName string `json:"policyName"`
	}
	return json.Unmarshal(body, &e) == nil && strings.EqualFold(e.PolicyName, "DAILY")
}

// apiError reads HubSpot's error body: {"status":"error","message":…,
// "category":"MISSING_SCOPES","errors":[{"context":{"requiredScopes":[…]}}]}
// (shape seen in HubSpot/hubspot-api-nodejs#268; newer responses name
// requiredGranularScopes).
func (c *apiClient) apiError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Status: status, Method: method, Path: path}
	var b struct {
		Message  string `json:"message"`
		Category string `json:"category"`
		Errors   []struct {
			Message string                     `json:"message"`
			Context map[string]json.RawMessage `json:"context"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &b) == nil {
		e.Message, e.Category = c.redact(b.Message), b.Category
		seen := map[string]bool{}
		for _, er := range b.Errors {
			keys := make([]string, 0, len(er.Context))
			for k := range er.Context {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if !strings.Contains(strings.ToLower(k), "scope") {
					continue
				}
				var scopes []string
				if json.Unmarshal(er.Context[k], &scopes) != nil {
					continue
				}
				for _, s := range scopes {
					if !seen[s] {
						seen[s] = true
						e.Scopes = append(e.Scopes, c.redact(s))
					}
				}
			}
		}
	} else if s := strings.TrimSpace(string(body)); s != "" && len(s) < 300 {
		e.Message = c.redact(s)
	}
	if status == http.StatusForbidden && len(e.Scopes) == 0 {
		if s := expectedScope(path); s != "" {
			e.Message = strings.TrimSpace(e.Message + " (this endpoint needs the scope " + s + ")")
		}
	}
	return e
}

// expectedScope names the read scope an endpoint needs, for 403 bodies
// that do not list it (HubSpot's scope list:
// https://developers.hubspot.com/docs/apps/legacy-apps/authentication/scopes).
func expectedScope(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	objectScope := func(kind, obj string) string {
		switch obj {
		case "contacts", "companies", "deals":
			return "crm." + kind + "." + obj + ".read"
		case "tickets":
			return "tickets"
		}
		return "crm." + kind + ".custom.read"
	}
	switch {
	case len(parts) >= 4 && parts[0] == "crm" && parts[2] == "properties":
		return objectScope("schemas", parts[3])
	case len(parts) >= 3 && parts[0] == "crm" && parts[2] == "owners":
		return "crm.objects.owners.read"
	case len(parts) >= 4 && parts[0] == "crm" && parts[2] == "objects":
		return objectScope("objects", parts[3])
	case len(parts) >= 4 && parts[0] == "crm" && parts[2] == "pipelines":
		return objectScope("objects", parts[3])
	case len(parts) >= 1 && parts[0] == "crm-object-schemas":
		return "crm.schemas.custom.read"
	case len(parts) >= 4 && parts[0] == "crm" && parts[2] == "associations":
		return objectScope("objects", parts[3])
	}
	return ""
}
