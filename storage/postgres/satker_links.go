package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// The verified links between chats and satker (satker_links): made by an
// approved admin registration (MarkAdminRegistered), an invitation link
// (RedeemInvitation) or an officer's approval.

// linkColumns are the columns scanLink reads, from satker_links l joined
// with satkers s.
const linkColumns = `l.kode_satker, s.name, COALESCE(s.kppn_code, ''), l.chat_id, l.user_id, l.role, l.via, l.linked_at`

func scanLink(r pgx.CollectableRow) (conversation.SatkerLink, error) {
	var l conversation.SatkerLink
	err := r.Scan(&l.SatkerCode, &l.SatkerName, &l.KPPNCode, &l.ChatID, &l.UserID, &l.Role, &l.Via, &l.LinkedAt)
	return l, err
}

// LinksOf lists the chat's satker links, newest first.
func (s *txStore) LinksOf(ctx context.Context, chatID int64) ([]conversation.SatkerLink, error) {
	list, err := s.links(ctx, `WHERE l.chat_id = $1 ORDER BY l.linked_at DESC, l.id DESC`, chatID)
	if err != nil {
		return nil, fmt.Errorf("links of chat %d: %w", chatID, err)
	}
	return list, nil
}

// LinksOfSatker lists the chats linked to a satker, the earliest first.
func (s *txStore) LinksOfSatker(ctx context.Context, code string) ([]conversation.SatkerLink, error) {
	if !digits(code, 6) {
		return nil, nil
	}
	list, err := s.links(ctx, `WHERE l.kode_satker = $1 ORDER BY l.linked_at, l.id`, code)
	if err != nil {
		return nil, fmt.Errorf("links of satker %s: %w", code, err)
	}
	return list, nil
}

func (s *txStore) links(ctx context.Context, clause string, args ...any) ([]conversation.SatkerLink, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := s.tx.Query(ctx, `SELECT `+linkColumns+`
		FROM satker_links l JOIN satkers s ON s.kode_satker = l.kode_satker `+clause, args...)
	if err != nil {
		s.fail(err)
		return nil, err
	}
	list, err := pgx.CollectRows(rows, scanLink)
	if err != nil {
		s.fail(err)
		return nil, err
	}
	return list, nil
}

// linkVias are the values satker_links.via accepts.
var linkVias = []string{conversation.ViaRegistration, conversation.ViaInvitation, conversation.ViaOfficer}

// LinkChat links l.ChatID to satker l.SatkerCode in l.Role (a zero LinkedAt
// is now), with a progress_history row "link" naming the linked user and
// chat. A link that exists already is left as it is. ErrNotFound when the
// satker is unknown.
func (s *txStore) LinkChat(ctx context.Context, l conversation.SatkerLink) error {
	switch {
	case !digits(l.SatkerCode, 6):
		return fmt.Errorf("link chat %d to satker %q: %w", l.ChatID, l.SatkerCode, ErrNotFound)
	case l.Role == "":
		return fmt.Errorf("link chat %d to satker %s: no role", l.ChatID, l.SatkerCode)
	case !slices.Contains(linkVias, l.Via):
		return fmt.Errorf("link chat %d to satker %s: unknown way %q", l.ChatID, l.SatkerCode, l.Via)
	}
	if l.LinkedAt.IsZero() {
		l.LinkedAt = time.Now()
	}
	by := l.By
	if by.UserID == 0 {
		by = conversation.Actor{UserID: l.UserID, ChatID: l.ChatID}
	}
	detail, err := historyDetail(map[string]any{"role": l.Role, "via": l.Via, "user": l.UserID})
	if err != nil {
		return fmt.Errorf("link chat %d to satker %s: %w", l.ChatID, l.SatkerCode, err)
	}
	return s.changeSatker(ctx, fmt.Sprintf("link chat %d to satker %s", l.ChatID, l.SatkerCode), `
		WITH sat AS (SELECT kode_satker FROM satkers WHERE kode_satker = $3),
		ins AS (
		  INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via, linked_at)
		  SELECT $1, $2, kode_satker, $4, $5, $6 FROM sat
		  ON CONFLICT (chat_id, kode_satker, role) DO NOTHING
		  RETURNING kode_satker),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id, at)
		  SELECT kode_satker, 'link', $7, $8, $9, $10, $6 FROM ins)
		SELECT count(*) FROM sat`,
		l.ChatID, l.UserID, l.SatkerCode, l.Role, l.Via, l.LinkedAt, detail, by.UserID, by.Name, by.ChatID)
}
