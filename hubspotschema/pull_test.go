package hubspotschema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const testToken = "pat-na1-11111111-2222-3333-4444-555555555555"

// fakeHubSpot serves recorded-shape responses of HubSpot's CRM APIs (the
// shapes of the corpus files and of HubSpot's docs) on loopback, with the
// failure modes Pull must survive.
type fakeHubSpot struct {
	t  *testing.T
	mu sync.Mutex
	// hits counts requests per path (query excluded).
	hits map[string]int
	// queries keeps the query strings seen per path.
	queries map[string][]string
	bodies  map[string][]string
}

func (f *fakeHubSpot) record(r *http.Request) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[r.URL.Path]++
	f.queries[r.URL.Path] = append(f.queries[r.URL.Path], r.URL.RawQuery)
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		if len(b) > 0 {
			f.bodies[r.URL.Path] = append(f.bodies[r.URL.Path], string(b))
		}
	}
	return f.hits[r.URL.Path]
}

func prop(name, label, typ, fieldType string, extra string) string {
	s := fmt.Sprintf(`{"name":%q,"label":%q,"type":%q,"fieldType":%q,"groupName":"g","options":[],"displayOrder":-1,"calculated":false,"externalOptions":false,"hasUniqueValue":false,"hidden":false,"hubspotDefined":true,"modificationMetadata":{"archivable":true,"readOnlyDefinition":true,"readOnlyValue":false},"formField":true`, name, label, typ, fieldType)
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func (f *fakeHubSpot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.record(r)
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	q := r.URL.Query()
	switch r.URL.Path {
	case "/crm/v3/properties/contacts":
		// The rolling window is used up: Pull must wait the interval.
		w.Header().Set("X-HubSpot-RateLimit-Max", "100")
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "0")
		w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
		fmt.Fprintf(w, `{"results":[%s,%s,%s,%s,%s]}`,
			prop("hs_object_id", "Record ID", "number", "number", ""),
			prop("firstname", "First name", "string", "text", ""),
			prop("email", "Email", "string", "text", ""),
			prop("message", "Message", "string", "textarea", ""),
			prop("hs_lead_status", "Lead Status", "enumeration", "radio", `"options":[{"label":"New","value":"NEW","displayOrder":0,"hidden":false}]`))
	case "/crm/v3/properties/companies":
		if n == 1 {
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, "<html>502 Bad Gateway</html>")
			return
		}
		fmt.Fprintf(w, `{"results":[%s]}`, prop("name", "Company name", "string", "text", ""))
	case "/crm/v3/properties/deals":
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}`)
			return
		}
		fmt.Fprintf(w, `{"results":[%s,%s]}`, prop("amount", "Amount", "number", "number", `"showCurrencySymbol":true`),
			prop("dealstage", "Deal Stage", "enumeration", "radio", `"externalOptions":true`))
	case "/crm/v3/properties/tickets", "/crm/v3/pipelines/tickets":
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.","correlationId":"x","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["tickets"]}}],"links":{"scopes":"https://developers.hubspot.com/scopes"},"category":"MISSING_SCOPES"}`)
	case "/crm/v3/properties/2-99":
		// Enough properties that the GET URL would be too long.
		ps := []string{prop("hs_object_id", "Record ID", "number", "number", ""),
			prop("vin", "VIN", "string", "text", `"hasUniqueValue":true`), prop("model", "Model", "string", "text", "")}
		for i := 0; i < 12; i++ {
			ps = append(ps, prop(fmt.Sprintf("p7878787_car_attribute_with_a_long_name_%02d", i), "Attribute", "string", "text", ""))
		}
		fmt.Fprintf(w, `{"results":[%s]}`, strings.Join(ps, ","))
	case "/crm/v3/pipelines/deals":
		io.WriteString(w, `{"results":[{"label":"Sales Pipeline","displayOrder":0,"id":"default","stages":[
{"label":"Appointment Scheduled","displayOrder":0,"metadata":{"isClosed":"false","probability":"0.2"},"id":"appointmentscheduled","createdAt":"1970-01-01T00:00:00Z","updatedAt":"1970-01-01T00:00:00Z","writePermissions":"CRM_PERMISSIONS_ENFORCEMENT","archived":false},
{"label":"Closed Won","displayOrder":5,"metadata":{"isClosed":"true","probability":"1.0"},"id":"closedwon","createdAt":"1970-01-01T00:00:00Z","updatedAt":"1970-01-01T00:00:00Z","writePermissions":"CRM_PERMISSIONS_ENFORCEMENT","archived":false}],
"createdAt":"1970-01-01T00:00:00Z","updatedAt":"1970-01-01T00:00:00Z","archived":false}]}`)
	case "/crm/v3/owners":
		switch {
		case q.Get("archived") == "true":
			io.WriteString(w, `{"results":[{"id":"3","email":"gone@example.com","firstName":"Gone","lastName":"Away","userId":3,"archived":true}]}`)
		case q.Get("after") == "":
			io.WriteString(w, `{"results":[{"id":"1","email":"a@example.com","type":"PERSON","firstName":"A","lastName":"One","userId":1,"archived":false,"teams":[{"id":"7","name":"EMEA","primary":true}]}],"paging":{"next":{"after":"2","link":"?after=2"}}}`)
		case q.Get("after") == "2":
			io.WriteString(w, `{"results":[{"id":"2","email":"b@example.com","firstName":"B","lastName":"Two","userId":2,"archived":false}]}`)
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	case "/crm-object-schemas/v3/schemas":
		io.WriteString(w, `{"results":[{"id":"99","objectTypeId":"2-99","name":"cars","fullyQualifiedName":"p7878787_cars","metaType":"PORTAL_SPECIFIC",
"labels":{"singular":"Car","plural":"Cars"},"requiredProperties":["vin"],"primaryDisplayProperty":"vin",
"properties":[{"name":"vin","label":"VIN","type":"string","fieldType":"text","hasUniqueValue":true}],
"associations":[{"id":"200","fromObjectTypeId":"2-99","toObjectTypeId":"0-1","name":"cars_to_contacts","cardinality":"ONE_TO_MANY","inverseCardinality":"ONE_TO_MANY","maxToObjectIds":10000,"maxFromObjectIds":10000}]}]}`)
	case "/crm/v3/objects/contacts":
		props := strings.Split(q.Get("properties"), ",")
		if !reflect.DeepEqual(props, []string{"hs_object_id", "firstname", "email", "message", "hs_lead_status"}) {
			f.t.Errorf("contacts records asked for properties %v", props)
		}
		switch q.Get("after") {
		case "":
			if q.Get("limit") != "3" {
				f.t.Errorf("limit %q, want 3", q.Get("limit"))
			}
			io.WriteString(w, `{"results":[
{"id":"101","properties":{"hs_object_id":"101","firstname":"Ada","email":"ada@example.com","message":"two\nlines, \"quoted\"","hs_lead_status":"NEW"},"createdAt":"2024-01-01T00:00:00Z","archived":false},
{"id":"102","properties":{"hs_object_id":"102","firstname":null,"email":"b@example.com","hs_lead_status":null},"archived":false}],
"paging":{"next":{"after":"103"}}}`)
		case "103":
			if q.Get("limit") != "1" {
				f.t.Errorf("second page limit %q, want 1", q.Get("limit"))
			}
			io.WriteString(w, `{"results":[{"id":"103","properties":{"hs_object_id":"103","firstname":"Cy","email":"c@example.com","hs_lead_status":"OPEN"}},{"id":"104","properties":{}}],"paging":{"next":{"after":"105"}}}`)
		default:
			f.t.Errorf("records asked past the limit: after=%s", q.Get("after"))
		}
	case "/crm/v3/objects/companies":
		io.WriteString(w, `{"results":[{"id":"201","properties":{"name":"Acme"}}]}`)
	case "/crm/v3/objects/deals":
		io.WriteString(w, `{"results":[{"id":"301","properties":{"amount":"10.5","dealstage":"closedwon"}}]}`)
	case "/crm/v3/objects/2-99":
		// The property list is long enough for the batch read path.
		if q.Get("properties") != "hs_object_id" {
			f.t.Errorf("custom object list asked for %q, want hs_object_id only", q.Get("properties"))
		}
		io.WriteString(w, `{"results":[{"id":"901","properties":{"hs_object_id":"901"}},{"id":"902","properties":{"hs_object_id":"902"}}]}`)
	case "/crm/v3/objects/2-99/batch/read":
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		// Batch read answers in its own order.
		io.WriteString(w, `{"status":"COMPLETE","results":[{"id":"902","properties":{"hs_object_id":"902","vin":"VIN2","model":"T"}},{"id":"901","properties":{"hs_object_id":"901","vin":"VIN1","model":null}}]}`)
	default:
		if strings.HasPrefix(r.URL.Path, "/crm/v4/associations/") && strings.HasSuffix(r.URL.Path, "/labels") {
			parts := strings.Split(r.URL.Path, "/")
			from, to := parts[4], parts[5]
			switch {
			case from == "tickets" || to == "tickets":
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"status":"error","message":"missing scopes","category":"MISSING_SCOPES","errors":[{"context":{"requiredScopes":["tickets"]}}]}`)
			case from == "contacts" && to == "companies":
				io.WriteString(w, `{"results":[{"category":"HUBSPOT_DEFINED","typeId":1,"label":"Primary"},{"category":"HUBSPOT_DEFINED","typeId":279,"label":null},{"category":"USER_DEFINED","typeId":31,"label":"Billing contact"}]}`)
			case from == "2-99" || to == "2-99":
				io.WriteString(w, `{"results":[{"category":"USER_DEFINED","typeId":200,"label":null}]}`)
			default:
				io.WriteString(w, `{"results":[{"category":"HUBSPOT_DEFINED","typeId":5,"label":null}]}`)
			}
			return
		}
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusNotFound)
	}
}

func newFake(t *testing.T) (*fakeHubSpot, *httptest.Server) {
	f := &fakeHubSpot{t: t, hits: map[string]int{}, queries: map[string][]string{}, bodies: map[string][]string{}}
	srv := httptest.NewServer(f) // loopback only
	t.Cleanup(srv.Close)
	return f, srv
}

type sleepLog struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func TestPullEndToEnd(t *testing.T) {
	fake, srv := newFake(t)
	old := maxPropertiesURL
	maxPropertiesURL = len(srv.URL) + len("/crm/v3/objects/2-99") + 200 // contacts fit, cars do not
	defer func() { maxPropertiesURL = old }()

	root := t.TempDir()
	out := filepath.Join(root, "hubspot")
	var progress strings.Builder
	sl := &sleepLog{}
	sum, err := Pull(context.Background(), PullOptions{
		BaseURL: srv.URL, Token: testToken, Records: 3, OutDir: out,
		Progress: &progress, Sleep: sl.sleep, BackoffBase: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}

	// Retries: the 502 on companies (backoff) and the 429 on deals (Retry-After 2 s).
	if fake.hits["/crm/v3/properties/companies"] != 2 || fake.hits["/crm/v3/properties/deals"] != 2 || sum.Retries != 2 {
		t.Errorf("hits %v retries %d", fake.hits, sum.Retries)
	}
	if !containsDur(sl.d, 2*time.Second) || !containsDur(sl.d, time.Millisecond) || !containsDur(sl.d, 10*time.Second) {
		t.Errorf("waits %v: want the 1 ms backoff, the 2 s Retry-After and the 10 s rate-limit window", sl.d)
	}
	if fake.hits["/crm/v3/owners"] != 3 {
		t.Errorf("owners requested %d times, want two pages and the archived list", fake.hits["/crm/v3/owners"])
	}

	wantFiles := []string{
		"properties/contacts.json", "properties/companies.json", "properties/deals.json",
		"pipelines/deals.json", "owners.json", "schemas.json", "properties/cars.json",
		"associations/contacts-companies.json", "associations/contacts-deals.json", "associations/contacts-cars.json",
		"associations/companies-contacts.json", "associations/companies-deals.json", "associations/companies-cars.json",
		"associations/deals-contacts.json", "associations/deals-companies.json", "associations/deals-cars.json",
		"associations/cars-contacts.json", "associations/cars-companies.json", "associations/cars-deals.json",
		"records/contacts.csv", "records/companies.csv", "records/deals.csv", "records/cars.csv",
	}
	if !reflect.DeepEqual(sum.Files, wantFiles) {
		t.Errorf("files\n%q\nwant\n%q", sum.Files, wantFiles)
	}
	var skipped []string
	for _, s := range sum.Skipped {
		skipped = append(skipped, s.File)
		if !strings.Contains(s.Reason, "tickets") && !strings.Contains(s.Reason, "no properties") {
			t.Errorf("skip reason %q does not name the scope", s.Reason)
		}
	}
	wantSkipped := []string{"properties/tickets.json", "pipelines/tickets.json",
		"associations/contacts-tickets.json", "associations/companies-tickets.json", "associations/deals-tickets.json",
		"associations/tickets-contacts.json", "associations/tickets-companies.json", "associations/tickets-deals.json", "associations/tickets-cars.json",
		"associations/cars-tickets.json", "records/tickets.csv"}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped\n%q\nwant\n%q", skipped, wantSkipped)
	}
	if !strings.Contains(sum.Skipped[0].Reason, "lacks the scope tickets") {
		t.Errorf("403 reason %q", sum.Skipped[0].Reason)
	}
	if sum.Properties["contacts"] != 5 || sum.Properties["cars"] != 15 || sum.Records["contacts"] != 3 || sum.Records["cars"] != 2 || sum.Owners != 3 || sum.Schemas != 1 {
		t.Errorf("summary %+v", sum)
	}
	if !strings.Contains(progress.String(), "\rsynclint hubspot pull: records of contacts") || !strings.HasSuffix(progress.String(), "\r") {
		t.Errorf("progress %q", progress.String())
	}
	if len(fake.bodies["/crm/v3/objects/2-99/batch/read"]) != 1 || !strings.Contains(fake.bodies["/crm/v3/objects/2-99/batch/read"][0], `"inputs":[{"id":"901"},{"id":"902"}]`) {
		t.Errorf("batch read bodies %v", fake.bodies)
	}

	// No temporary files are left behind.
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(info.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})

	// What was pulled loads.
	e, err := Load(out, root)
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "load", e.Diagnostics)
	if c := e.Object("contacts"); c == nil || c.Shape != ShapeV3 || len(c.Properties) != 5 || c.Property("hs_lead_status").Options[0].Value != "NEW" {
		t.Errorf("contacts = %+v", c)
	}
	if d := e.Property("deals", "dealstage"); d == nil || !d.ExternalOptions {
		t.Errorf("dealstage = %+v", d)
	}
	if cars := e.Object("2-99"); cars == nil || cars.Name != "cars" || cars.Property("vin") == nil || !cars.Property("vin").HasUniqueValue || e.Object("p7878787_cars") != cars {
		t.Errorf("cars = %+v", cars)
	}
	if _, s := e.Stage("deals", "closedwon"); s == nil || !s.IsClosed || s.Probability != "1.0" {
		t.Errorf("closedwon = %+v", s)
	}
	if len(e.Owners) != 3 || !e.Owners[2].Archived || e.Owners[0].Teams[0] != "EMEA" {
		t.Errorf("owners = %+v", e.Owners)
	}
	var cc *AssociationLabels
	for _, a := range e.Associations {
		if a.From == "contacts" && a.To == "companies" {
			cc = a
		}
	}
	if cc == nil || len(cc.Labels) != 3 || cc.Labels[2].Category != "USER_DEFINED" {
		t.Errorf("contacts-companies = %+v", cc)
	}
	if len(e.Records) != 4 {
		t.Fatalf("records = %+v", e.Records)
	}
	got := readRecordsFile(t, e, "contacts", "firstname", "email", "message", "hs_lead_status")
	want := [][]string{
		{"101", "Ada", "ada@example.com", "two\nlines, \"quoted\"", "NEW"},
		{"102", "", "b@example.com", "", ""},
		{"103", "Cy", "c@example.com", "", "OPEN"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("contacts.csv = %q, want %q", got, want)
	}
	if got := readRecordsFile(t, e, "cars", "vin", "model"); !reflect.DeepEqual(got, [][]string{{"901", "VIN1", ""}, {"902", "VIN2", "T"}}) {
		t.Errorf("cars.csv = %q", got)
	}
}

func containsDur(ds []time.Duration, d time.Duration) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func readRecordsFile(t *testing.T, e *Export, object string, props ...string) [][]string {
	t.Helper()
	for _, f := range e.Records {
		if f.ObjectType != object {
			continue
		}
		rr, err := OpenRecords(f, e.Object(object))
		if err != nil {
			t.Fatal(err)
		}
		defer rr.Close()
		for _, c := range rr.Columns() {
			if !c.Known {
				t.Errorf("%s column %q is not a property", object, c.Header)
			}
		}
		var out [][]string
		for {
			rec, err := rr.Next()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			row := []string{rec.ID}
			for _, p := range props {
				v, _ := rec.Get(p)
				row = append(row, v)
			}
			out = append(out, row)
		}
	}
	t.Fatalf("no records file for %s", object)
	return nil
}

func TestPullUnauthorizedNeverShowsToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		// A hostile or buggy server echoing the token must not leak it.
		fmt.Fprintf(w, `{"status":"error","message":"The OAuth token used to make this call expired: %s","category":"EXPIRED_AUTHENTICATION"}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	out := t.TempDir()
	var progress strings.Builder
	sum, err := Pull(context.Background(), PullOptions{BaseURL: srv.URL, Token: testToken, OutDir: out, Progress: &progress, Sleep: (&sleepLog{}).sleep})
	if err == nil {
		t.Fatal("a 401 must fail the pull")
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized || ae.Category != "EXPIRED_AUTHENTICATION" {
		t.Errorf("err = %#v", err)
	}
	for _, s := range []string{err.Error(), progress.String(), fmt.Sprintf("%+v", sum)} {
		if strings.Contains(s, testToken) {
			t.Errorf("the token leaked: %s", s)
		}
	}
	if !strings.Contains(err.Error(), "[REDACTED]") || !strings.Contains(err.Error(), "HUBSPOT_ACCESS_TOKEN") {
		t.Errorf("err = %v", err)
	}
	if sum.Retries != 0 {
		t.Errorf("a 401 was retried %d times", sum.Retries)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 0 {
		t.Errorf("files written after a 401: %v", ents)
	}
}

func TestPullRetriesGiveUp(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	sl := &sleepLog{}
	_, err := Pull(context.Background(), PullOptions{BaseURL: srv.URL, Token: testToken, OutDir: t.TempDir(), Objects: []string{"contacts"},
		MaxRetries: 3, BackoffBase: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Sleep: sl.sleep})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusServiceUnavailable || hits != 4 {
		t.Fatalf("err %v after %d requests", err, hits)
	}
	if want := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}; !reflect.DeepEqual(sl.d, want) {
		t.Errorf("backoff %v, want %v", sl.d, want)
	}
}

func TestPullDailyLimitIsNotRetried(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}`)
	}))
	defer srv.Close()
	_, err := Pull(context.Background(), PullOptions{BaseURL: srv.URL, Token: testToken, OutDir: t.TempDir(), Objects: []string{"contacts"}, Sleep: (&sleepLog{}).sleep})
	if err == nil || !strings.Contains(err.Error(), "daily API limit") || hits != 1 {
		t.Errorf("err %v after %d requests", err, hits)
	}
}

func TestPullOptionsErrors(t *testing.T) {
	if _, err := Pull(context.Background(), PullOptions{OutDir: t.TempDir()}); !errors.Is(err, ErrNoToken) {
		t.Errorf("no token: %v", err)
	}
	if _, err := Pull(context.Background(), PullOptions{Token: "x", OutDir: t.TempDir(), Objects: []string{"contacts", "leads"}}); !errors.Is(err, ErrUnknownObject) {
		t.Errorf("unknown object: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	if _, err := Pull(ctx, PullOptions{BaseURL: srv.URL, Token: testToken, OutDir: t.TempDir()}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestRetryAfter(t *testing.T) {
	if d, ok := retryAfter("3"); !ok || d != 3*time.Second {
		t.Errorf("3 → %v %v", d, ok)
	}
	if d, ok := retryAfter(time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)); !ok || d != 0 {
		t.Errorf("past date → %v %v", d, ok)
	}
	if _, ok := retryAfter("soon"); ok {
		t.Error("garbage accepted")
	}
}

func TestExpectedScope(t *testing.T) {
	for path, want := range map[string]string{
		"/crm/v3/properties/contacts":     "crm.schemas.contacts.read",
		"/crm/v3/properties/tickets":      "tickets",
		"/crm/v3/properties/2-99":         "crm.schemas.custom.read",
		"/crm/v3/owners":                  "crm.objects.owners.read",
		"/crm/v3/objects/deals":           "crm.objects.deals.read",
		"/crm-object-schemas/v3/schemas":  "crm.schemas.custom.read",
		"/crm/v4/associations/a/b/labels": "crm.objects.custom.read",
	} {
		if got := expectedScope(path); got != want {
			t.Errorf("expectedScope(%s) = %q, want %q", path, got, want)
		}
	}
	// A 403 without scopes in the body still names one.
	c := newAPIClient(PullOptions{Token: testToken}, &PullSummary{})
	e := c.apiError("GET", "/crm/v3/owners", 403, []byte(`{"status":"error","message":"nope"}`))
	if !strings.Contains(e.Error(), "crm.objects.owners.read") {
		t.Errorf("403 error %q", e.Error())
	}
	var body map[string]any
	if json.Unmarshal([]byte(`{}`), &body) != nil {
		t.Fatal()
	}
}
