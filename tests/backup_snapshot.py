"""What a restore must bring back, as one JSON-able dict: computed the same way before the backup
(in the test process) and after the restore (in a fresh installation's own process)."""

from __future__ import annotations

import hashlib
import json


def snapshot(query_codes: list[str] = ()) -> dict:
    from gongkai.accounts.models import User
    from gongkai.audit import chain
    from gongkai.disclosure.models import Attachment, Record
    from gongkai.info_requests.models import InfoRequest
    from gongkai.info_requests.services import query_code_index
    from gongkai.orgs.models import Organization

    def rows(model):
        # values() runs the fields' converters: encrypted applicant data comes back decrypted.
        return json.loads(json.dumps(list(model.objects.order_by("pk").values()), default=str))

    attachments = []
    for attachment in Attachment.objects.order_by("pk"):
        with attachment.file.open("rb") as handle:
            attachments.append({"pk": attachment.pk, "sha256": hashlib.sha256(handle.read()).hexdigest()})
    report = chain.verify()
    return {
        "organizations": rows(Organization),
        "users": rows(User),
        "records": rows(Record),
        "attachment_rows": rows(Attachment),
        "attachment_files": attachments,
        "applications": rows(InfoRequest),
        "found_by_query_code": [
            InfoRequest.objects.filter(query_code_index=query_code_index(code))
            .values_list("pk", flat=True)
            .first()
            for code in query_codes
        ],
        "audit": {"ok": report.ok, "entries": report.entries, "head": report.head_hash},
    }


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(json.dumps(snapshot(json.loads(sys.argv[1]) if len(sys.argv) > 1 else [])))
