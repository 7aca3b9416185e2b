package web_test

// More rows of the authorization matrix (TestAuthorizationMatrix walks them
// with the others): the accessibility statement and requests, and the
// survey invitations.
func init() {
	for k, v := range map[string]expect{
		// The accessibility statement and the request form: anyone, signed in
		// or not (an empty request is refused with 422); the statement's form
		// and the answers to requests: administrators.
		"GET /deklaracja-dostepnosci":                    everyone(200),
		"GET /deklaracja-dostepnosci/zadanie":            everyone(200),
		"POST /deklaracja-dostepnosci/zadanie":           everyone(422),
		"GET /deklaracja-dostepnosci/zadanie/wyslane":    everyone(200),
		"GET /admin/accessibility":                       adminOnly(200),
		"POST /admin/accessibility":                      adminOnly(422),
		"GET /admin/accessibility/requests":              adminOnly(200),
		"GET /admin/accessibility/requests/{requestID}":  adminOnly(200),
		"POST /admin/accessibility/requests/{requestID}": adminOnly(422), // no status chosen
		// Survey invitations: administrators and coordinators. Their own wave
		// (pathOverride): inviting no address is 422; a reminder answers 303
		// whether anyone was due or not.
		"GET /programmes/{id}/surveys/waves/{waveID}/invitations":         planEditors(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/invitations":        planEditors(422),
		"GET /programmes/{id}/surveys/waves/{waveID}/invitations/remind":  planEditors(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/invitations/remind": planEditors(303),
	} {
		matrix[k] = v
	}
}
