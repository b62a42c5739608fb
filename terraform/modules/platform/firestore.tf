# The (default) database is one per project: only the deployment that manages the
# project singletons creates it (variables.tf, manage_project_singletons).
resource "google_firestore_database" "default" {
  count = var.manage_project_singletons ? 1 : 0

  project     = var.project_id
  name        = "(default)"
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"

  # Users' agents and run history live here: neither a console click nor a
  # `terraform destroy` may delete them. Destroy only forgets the database.
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [time_sleep.apis]
}

# Indexes and index exemptions (firestore.indexes.json) and rules (firestore.rules)
# are deployed by `firebase deploy --only firestore`, not here: one owner each, and the
# same files drive the local stack and the rules tests. New composite indexes build
# for minutes after that deploy; scripts/deploy.sh waits for them.
