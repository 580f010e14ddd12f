package postgres

import (
	"context"
	"testing"

	"posko/conversation"
)

func TestKPPNGroups(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	const (
		groupA = int64(-100111)
		groupB = int64(-100222)
	)
	kppnOf := func(chat int64) (conversation.KPPN, bool) {
		t.Helper()
		var (
			k  conversation.KPPN
			ok bool
		)
		inTx(t, db, func(tx conversation.Tx) (err error) {
			k, ok, err = tx.KPPNOfGroup(ctx, chat)
			return err
		})
		return k, ok
	}
	bind := func(code string, chat int64) {
		t.Helper()
		inTx(t, db, func(tx conversation.Tx) error {
			return tx.BindGroup(ctx, code, chat, conversation.Actor{UserID: 42, Name: "Budi", ChatID: chat})
		})
	}
	list := func() []conversation.KPPN {
		t.Helper()
		l, err := db.KPPNs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	if l := list(); len(l) != 1 || l[0] != (conversation.KPPN{Code: "070", Name: "KPPN Lubuk Linggau"}) {
		t.Fatalf("KPPNs after migrating = %+v, want the seeded 070 with no group", l)
	}
	if _, ok := kppnOf(groupA); ok {
		t.Error("an unbound group has a KPPN")
	}
	bind("070", groupA)
	if k, ok := kppnOf(groupA); !ok || k != (conversation.KPPN{Code: "070", Name: "KPPN Lubuk Linggau", GroupChatID: groupA}) {
		t.Errorf("KPPNOfGroup(A) = %+v, %v", k, ok)
	}

	t.Run("an unknown KPPN is created", func(t *testing.T) {
		bind("071", groupB)
		if l := list(); len(l) != 2 || l[1] != (conversation.KPPN{Code: "071", GroupChatID: groupB}) {
			t.Errorf("KPPNs = %+v, want 071 with no name and group B", l)
		}
	})
	t.Run("a group bound to another KPPN is moved", func(t *testing.T) {
		bind("071", groupA)
		l := list()
		if len(l) != 2 || l[0].GroupChatID != 0 || l[1].GroupChatID != groupA {
			t.Errorf("KPPNs = %+v, want 070 without a group, 071 with group A (B replaced)", l)
		}
		if k, _ := kppnOf(groupA); k.Code != "071" {
			t.Errorf("group A serves %q, want 071", k.Code)
		}
		if _, ok := kppnOf(groupB); ok {
			t.Error("group B still serves a KPPN")
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'kppn.bound' AND subject = 'kppn:071'
			AND actor_id = 42 AND chat_id = $1 AND detail->'moved_from' = '["070"]'`, groupA); n != 1 {
			t.Errorf("%d audit rows of the move, want 1", n)
		}
	})
	t.Run("a group that became a supergroup", func(t *testing.T) {
		const super = int64(-1009990001)
		if err := db.MigrateChat(ctx, groupA, super); err != nil {
			t.Fatal(err)
		}
		if k, ok := kppnOf(super); !ok || k.Code != "071" || k.GroupChatID != super {
			t.Errorf("KPPNOfGroup(new id) = %+v, %v", k, ok)
		}
		if l := list(); l[1].GroupChatID != super {
			t.Errorf("KPPNs = %+v, want 071's group under its new id", l)
		}
		bind("070", super) // the old id is unbound from 071 too
		if l := list(); l[0].GroupChatID != super || l[1].GroupChatID != 0 {
			t.Errorf("KPPNs after binding the supergroup to 070 = %+v", l)
		}
	})
	t.Run("a malformed code", func(t *testing.T) {
		err := updateErr(db, func(tx conversation.Tx) error {
			if err := tx.BindGroup(ctx, "70", groupB, officer); err == nil {
				t.Error("bound KPPN 70")
			}
			_, _, err := tx.KPPNOfGroup(ctx, groupB)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
