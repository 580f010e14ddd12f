package main

import (
	"posko/conversation"
	"posko/render"
)

// formRenderer renders the pre-filled registration form for the
// conversation engine (conversation.FormRenderer) with package render.
type formRenderer struct {
	kppnCode string
}

var _ conversation.FormRenderer = formRenderer{}

// RegistrationForm implements conversation.FormRenderer.
func (f formRenderer) RegistrationForm(r conversation.Registration) ([]byte, error) {
	return render.RegistrationForm(render.RegistrationFormData{
		RequestNumber: r.Number,
		KPPNCode:      f.kppnCode,
		SatkerCode:    r.SatkerCode,
		SatkerName:    r.SatkerName,
		AdminName:     r.AdminName,
		AdminNIP:      r.AdminNIP,
		AdminNIK:      r.AdminNIK,
		AdminPosition: r.AdminPosition,
		AdminMobile:   r.AdminMobile,
		AdminEmail:    r.AdminEmail,
		DecreeNumber:  r.DecreeNumber,
		DecreeDate:    r.DecreeDate,
		KPAName:       r.KPAName,
		KPANIP:        r.KPANIP,
		Date:          r.UpdatedAt,
	})
}
