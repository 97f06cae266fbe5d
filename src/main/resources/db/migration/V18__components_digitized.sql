-- The Decision 766 scorecard's share of dossiers whose components were all digitised at reception
-- (docs/domain.md): whether every component of the dossier's first registration was digitised, kept as it
-- was then (a later version does not change it). The document is encrypted, so reports need the flag in a
-- column. Dossiers registered before this migration have NULL (not known) and do not count as digitised.
ALTER TABLE dossier ADD COLUMN components_digitized BOOLEAN;
