package web

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/domain"
)

// Every audit action has its Polish name in the trail.
func TestAuditActionsLabelled(t *testing.T) {
	for _, a := range domain.AuditActions {
		if !a.Labelled() {
			t.Errorf("audit action %q has no label", a)
		}
		if actionOptions[string(a)] == "" {
			t.Errorf("audit action %q is not offered in the filter", a)
		}
	}
}

// Every kind of record the store writes in the trail (audit(…, entity, …))
// and the handlers record exports under (RecordExport, serveFile) has its
// Polish name, so the trail names it and its history page answers: read
// from the sources, so a new kind without a name fails here.
func TestAuditEntitiesLabelled(t *testing.T) {
	// function name → index of its entity argument
	calls := map[string]int{"audit": 4, "RecordExport": 2, "serveFile": 4}
	var files []string
	for _, dir := range []string{"../store", "."} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	fset := token.NewFileSet()
	seen := map[string]bool{}
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			i, ok := calls[name]
			if !ok || len(call.Args) <= i {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // a parameter passed on (RecordExport's entity): its callers are checked
			}
			entity, _ := strconv.Unquote(lit.Value)
			seen[entity] = true
			if _, ok := domain.AuditEntities[entity]; !ok {
				t.Errorf("%s: the audit record kind %q has no Polish name in domain.AuditEntities", fset.Position(lit.Pos()), entity)
			}
			return true
		})
	}
	for _, want := range []string{"protocol", "indicator_value", "period", "unit_product_file"} {
		if !seen[want] {
			t.Errorf("the scan missed the record kind %q: is the audit call still found?", want)
		}
	}
}

// Every field of the records the store writes whole into the trail has its
// Polish name (the fields the demo does not fill included).
func TestAuditFieldsLabelled(t *testing.T) {
	for _, v := range []any{domain.Unit{}, domain.Programme{}, domain.Phase{}, domain.Task{}, domain.Training{}, domain.Indicator{},
		domain.Consultation{}, domain.Meeting{}, domain.GoodPractice{}, domain.TrainingSession{}} {
		fieldsLabelled(t, reflect.TypeOf(v), map[reflect.Type]bool{})
	}
}

func fieldsLabelled(t *testing.T, ty reflect.Type, seen map[reflect.Type]bool) {
	for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Map {
		ty = ty.Elem()
	}
	if ty.Kind() != reflect.Struct || seen[ty] || ty.PkgPath() != "kaizen/internal/domain" {
		return
	}
	seen[ty] = true
	if _, ok := reflect.New(ty).Interface().(json.Marshaler); ok {
		return // shown as its value (Decimal)
	}
	for f := range ty.Fields() {
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == "-" {
			continue
		} else if tag != "" {
			name = tag
		}
		if f.Anonymous {
			fieldsLabelled(t, f.Type, seen)
			continue
		}
		if !domain.AuditFieldLabelled(name) {
			t.Errorf("%s.%s: field %q has no Polish name", ty.Name(), f.Name, name)
		}
		fieldsLabelled(t, f.Type, seen)
	}
}
