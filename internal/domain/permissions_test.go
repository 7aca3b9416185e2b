package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// wantPermissions is the role × permission table written out by hand:
// granting a role one more permission, or taking one away, must change
// this table too (a decision someone reviews), or TestPermissionsTable
// fails.
var wantPermissions = map[Permission][]Role{
	PermUseApp:          {RoleAdmin, RoleCoordinator, RoleExpert, RoleUnitManager, RoleViewer, RoleAssessor},
	PermManageUsers:     {RoleAdmin},
	PermEditPlan:        {RoleAdmin, RoleCoordinator},
	PermSeeContacts:     {RoleAdmin, RoleCoordinator, RoleExpert},
	PermRecordTraining:  {RoleAdmin, RoleCoordinator},
	PermSeeNames:        {RoleAdmin, RoleCoordinator, RoleExpert},
	PermRecordWork:      {RoleAdmin, RoleCoordinator, RoleExpert},
	PermViewAudit:       {RoleAdmin, RoleViewer},
	PermSeeAddresses:    {RoleAdmin},
	PermPrepareProtocol: {RoleAdmin, RoleCoordinator, RoleExpert},
	PermSignProtocol:    {RoleUnitManager},
	PermRecordPaper:     {RoleAdmin, RoleCoordinator},
	PermVerify:          {RoleAdmin},
	PermClosePeriod:     {RoleAdmin, RoleCoordinator},
	PermReopenPeriod:    {RoleAdmin},
	PermExportPersons:   {RoleAdmin, RoleCoordinator},
	PermManageTeam:      {RoleAdmin, RoleCoordinator},
	PermObjectPaper:     {RoleUnitManager},
	PermDecideObjection: {RoleAdmin},
	PermRunSurveys:      {RoleAdmin, RoleCoordinator},
	PermSurveyResults:   {RoleAdmin, RoleCoordinator, RoleExpert, RoleUnitManager, RoleViewer},
	PermOpenAnswers:     {RoleAdmin, RoleCoordinator, RoleExpert, RoleUnitManager},
	PermReadMail:        {RoleAdmin},

	// The accessibility statement and requests (issue 16).
	PermManageAccessibility: {RoleAdmin},

	// CAF self-assessment (issue 17).
	PermRunCAF:     {RoleAdmin, RoleCoordinator, RoleExpert},
	PermScoreCAF:   {RoleUnitManager, RoleAssessor},
	PermSignCAF:    {RoleUnitManager},
	PermCAFResults: {RoleAdmin, RoleCoordinator, RoleExpert, RoleUnitManager, RoleViewer, RoleAssessor},
	PermCAFAcross:  {RoleAdmin},
}

// TestPermissionsTable checks every role against every permission of the
// table above, and that the table names every Permission the package
// declares (a new permission needs a row here).
func TestPermissionsTable(t *testing.T) {
	declared := declaredPermissions(t)
	if len(declared) == 0 {
		t.Fatal("no Permission constants found in the package source")
	}
	for _, p := range declared {
		if _, ok := wantPermissions[p]; !ok {
			t.Errorf("permission %q is declared but missing from the expected table", p)
		}
	}
	for p, roles := range wantPermissions {
		for _, r := range Roles {
			want := false
			for _, x := range roles {
				want = want || x == r
			}
			if got := r.Can(p); got != want {
				t.Errorf("%s.Can(%s) = %v, want %v", r, p, got, want)
			}
		}
	}
	// Unknown roles and permissions grant nothing.
	if Role("superuser").Can(PermUseApp) || RoleAdmin.Can(Permission("everything")) {
		t.Error("an unknown role or permission is granted")
	}
	for _, r := range Roles {
		u := &User{Role: r, Active: false}
		for p := range wantPermissions {
			if u.Can(p) {
				t.Errorf("an inactive %s may %s", r, p)
			}
		}
	}
}

// declaredPermissions reads the package's non-test sources for constants
// of type Permission.
func declaredPermissions(t *testing.T) []Permission {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []Permission
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Permission" {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, err := strconv.Unquote(lit.Value)
						if err != nil {
							t.Fatal(err)
						}
						out = append(out, Permission(s))
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
