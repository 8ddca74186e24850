package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliTestToken = "pat-eu1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

// hubspotStub answers the pull's endpoints for contacts only; owners are
// refused for a missing scope.
func hubspotStub(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+cliTestToken {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}`)
			return
		}
		switch r.URL.Path {
		case "/crm/v3/properties/contacts":
			io.WriteString(w, `{"results":[{"name":"email","label":"Email","type":"string","fieldType":"text"},{"name":"hs_object_id","label":"Record ID","type":"number","fieldType":"number"}]}`)
		case "/crm/v3/owners":
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.owners.read"]}}],"category":"MISSING_SCOPES"}`)
		case "/crm/v3/objects/contacts":
			io.WriteString(w, `{"results":[{"id":"1","properties":{"email":"a@example.com","hs_object_id":"1"}}]}`)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func runHubspotCLI(args []string, env map[string]string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestHubspotPull(t *testing.T) {
	srv := hubspotStub(t)
	out := filepath.Join(t.TempDir(), "hs")
	code, stdout, stderr := runHubspotCLI([]string{"hubspot", "pull", "--out", out, "--objects", "contacts", "--records", "5", "--api-base", srv.URL},
		map[string]string{"HUBSPOT_ACCESS_TOKEN": cliTestToken})
	if code != exitOK {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "contacts        2 properties, 1 records") {
		t.Errorf("stdout %q", stdout)
	}
	if !strings.Contains(stderr, "skipped owners.json") || !strings.Contains(stderr, "crm.objects.owners.read") {
		t.Errorf("stderr %q should name the missing scope", stderr)
	}
	for _, f := range []string{"properties/contacts.json", "records/contacts.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if strings.Contains(stdout+stderr, cliTestToken) {
		t.Error("the token was printed")
	}
}

func TestHubspotPullErrors(t *testing.T) {
	srv := hubspotStub(t)
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		msg  string
	}{
		{"no token", []string{"hubspot", "pull", "--out", t.TempDir()}, nil, exitUsage, "HUBSPOT_ACCESS_TOKEN"},
		{"no out", []string{"hubspot", "pull"}, map[string]string{"HUBSPOT_ACCESS_TOKEN": cliTestToken}, exitUsage, "--out"},
		{"bad object", []string{"hubspot", "pull", "--out", t.TempDir(), "--objects", "leads", "--api-base", srv.URL},
			map[string]string{"HUBSPOT_ACCESS_TOKEN": cliTestToken}, exitUsage, `unknown object "leads"`},
		{"bad token", []string{"hubspot", "pull", "--out", t.TempDir(), "--objects", "contacts"},
			map[string]string{"HUBSPOT_ACCESS_TOKEN": "pat-wrong-token-value", "HUBSPOT_API_BASE": srv.URL}, exitUsage, "HTTP 401"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runHubspotCLI(tc.args, tc.env)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d stderr %q, want %d and %q", code, stderr, tc.code, tc.msg)
			}
			for _, v := range tc.env {
				if strings.HasPrefix(v, "pat-") && strings.Contains(stdout+stderr, v) {
					t.Error("the token was printed")
				}
			}
		})
	}
}

// TestPullThenCheck is the end-to-end path: a pull writes an export
// folder that check reads as it is, with no diagnostic about its files.
func TestPullThenCheck(t *testing.T) {
	srv := hubspotStub(t)
	org := copyAcme(t)
	out := filepath.Join(t.TempDir(), "pulled")
	if code, _, stderr := runHubspotCLI([]string{"hubspot", "pull", "--out", out, "--objects", "contacts", "--records", "5", "--api-base", srv.URL},
		map[string]string{"HUBSPOT_ACCESS_TOKEN": cliTestToken}); code != exitOK {
		t.Fatalf("pull: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, nil, "check", org, "--hubspot", out, "--format", "json", "--exit-zero")
	if code != exitOK {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	d := readReport(t, stdout)
	if d.Summary.Properties != 2 {
		t.Errorf("check read %d HubSpot properties from the pulled export, want 2", d.Summary.Properties)
	}
	for _, f := range d.Findings {
		if f.Rule == "SL03" && strings.HasPrefix(f.File, "hubspot") {
			t.Errorf("the pulled export is reported unreadable: %s:%d %s", f.File, f.Line, f.Message)
		}
		if f.Rule == "SL03" && strings.Contains(f.File, "pulled") {
			t.Errorf("the pulled export is reported unreadable: %s:%d %s", f.File, f.Line, f.Message)
		}
	}
}
