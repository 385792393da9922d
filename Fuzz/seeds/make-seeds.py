#!/usr/bin/env python3
"""Writes the readable seeds of the commands, queries and json fuzz targets (Fuzz/seeds/commands,
Fuzz/seeds/queries, Fuzz/seeds/json) and their libFuzzer dictionaries (Fuzz/dictionaries/*.dict).

The payloads are the contract's examples (the reference's cim-domains notes) and the JSON of the
AggregatesTests fixtures. A commands seed is FuzzScript's layout: a domain byte, then commands
separated by 0x00, each a subject byte and the payload (see Fuzz/CommandDecoders/FuzzScript.swift).
A queries seed is QueryScript's layout: steps separated by 0x00, each an action byte (a Policy
command, or a query verb) and the payload, a query's payload after an optional line with its RFC
3339 time (see Fuzz/PolicyQueries/QueryScript.swift).
Run it from anywhere; it rewrites the three folders and the three dictionaries. The commands
dictionary holds every identifier-like string literal of Sources/Aggregates (field names, tags,
variants); the queries dictionary those of the Policy domain, the query keys and the seeds' ids.
"""
import glob
import json
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

VERBS = {
    "person": ["create"],
    "agent": ["deploy", "configure_model", "activate", "suspend", "decommission", "send_message"],
    "location": ["define", "update", "set_parent", "remove_parent", "add_metadata", "archive"],
    "policy": ["create", "update", "submit", "reject", "approve", "activate", "suspend", "revoke", "archive", "create_set",
               "add_to_set", "remove_from_set", "grant_exemption", "revoke_exemption", "evaluate", "check_compliance"],
}
DOMAINS = ["person", "agent", "location", "policy"]

ADA = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
BOB = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"
SAGE = "0193a1b2-0000-7000-8000-0000000000a1"
M1 = "0193a1b2-0000-7000-8000-0000000000b1"
HQ = "550e8400-e29b-41d4-a716-446655440000"
CAMPUS = "550e8400-e29b-41d4-a716-446655440001"
P = "550e8400-e29b-41d4-a716-4466554400a0"
Q = "550e8400-e29b-41d4-a716-4466554400a1"
S = "550e8400-e29b-41d4-a716-4466554400b0"
X = "550e8400-e29b-41d4-a716-4466554400c0"
ACME = "550e8400-e29b-41d4-a716-4466554400d0"


def printable(value, modulo):
    """The first printable byte that is `value` modulo `modulo`."""
    return next(b for b in range(0x21, 0x7F) if b % modulo == value)


def command(domain, verb, payload):
    verbs = VERBS[domain]
    index = verbs.index(verb) if verb in verbs else len(verbs)
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return bytes([printable(index, len(verbs) + 1)]) + text.encode()


def script(domain, *commands):
    return bytes([printable(DOMAINS.index(domain), 4)]) + b"\x00".join(command(domain, verb, payload) for verb, payload in commands)


name = {"components": {"given_names": ["Ada"], "family_names": ["Lovelace"], "patronymic": None, "matronymic": None,
                       "prefixes": [], "suffixes": []}, "preferred_form": None, "naming_convention": "Western"}
height = {"attribute_type": {"Physical": "Height"}, "value": {"Length": 1.75},
          "temporal": {"recorded_at": "2025-11-09T19:00:00Z", "valid_from": "2020-01-01", "valid_until": None},
          "provenance": {"source": "Measured", "confidence": "Certain", "recorded_by": None, "trace": []}}
pid = {"id": ADA}
person = {
    "create": {"CreatePerson": {"person_id": pid, "name": name, "source": "api"}},
    "update-name": {"UpdateName": {"person_id": pid, "name": name, "reason": "typo"}},
    "birth": {"SetBirthDate": {"person_id": pid, "birth_date": "1815-12-10"}},
    "death": {"RecordDeath": {"person_id": pid, "date_of_death": "1852-11-27"}},
    "deactivate": {"DeactivatePerson": {"person_id": pid, "reason": "left"}},
    "reactivate": {"ReactivatePerson": {"person_id": pid, "reason": "back"}},
    "merge": {"MergePersons": {"source_person_id": pid, "target_person_id": {"id": BOB}, "merge_reason": "DuplicateIdentity"}},
    "archive": {"ArchivePerson": {"person_id": pid, "reason": "gdpr"}},
    "attribute": {"RecordAttribute": {"person_id": pid, "attribute": height}},
    "update-attribute": {"UpdateAttribute": {"person_id": pid, "attribute_type": {"Physical": "Height"}, "new_attribute": height}},
    "invalidate-attribute": {"InvalidateAttribute": {"person_id": pid, "attribute_type": {"Physical": "Height"}, "reason": None}},
}

llama = {"provider": "ollama", "model_name": "llama2", "api_endpoint": "http://localhost:11434", "temperature": 0.7, "top_p": 1.0,
         "max_tokens": 4096, "frequency_penalty": 0.0, "presence_penalty": 0.0, "stop_sequences": [], "system_prompt": ""}
agent = {
    "deploy": {"type": "DeployAgent", "agent_id": SAGE, "person_id": ADA, "name": "sage", "description": "opt"},
    "configure_model": {"type": "ConfigureModel", "agent_id": SAGE, "config": llama},
    "activate": {"type": "ActivateAgent", "agent_id": SAGE},
    "suspend": {"type": "SuspendAgent", "agent_id": SAGE, "reason": "maintenance"},
    "decommission": {"type": "DecommissionAgent", "agent_id": SAGE, "reason": "opt"},
    "send_message": {"type": "SendMessage", "agent_id": SAGE, "message_id": M1, "content": "hi", "context": [{"role": "user", "content": "…"}]},
}

springfield = {"street": "123 Main St", "locality": "Springfield", "region": "IL", "country": "US", "postal_code": "62701"}
virtual = {"location_type": {"CloudService": {"provider": "AWS", "region": "us-east-1"}}, "primary_identifier": "i-123",
           "urls": [{"url": "https://api.example.com/v1", "url_type": "Api", "is_active": True, "priority": 0, "metadata": {}},
                    {"url": "https://x.example", "url_type": {"Custom": "Grafana"}, "is_active": False, "priority": 255, "metadata": {"team": "ops"}}],
           "ip_addresses": [{"address": "192.168.1.1", "ip_type": "Primary", "is_active": True,
                             "ports": [{"port": 443, "protocol": "TCP", "service": "https", "encrypted": True}], "reverse_dns": "a.example"},
                            {"address": "2001:db8::1", "ip_type": {"Custom": "Anycast"}, "is_active": True, "ports": [], "reverse_dns": None}],
           "network_info": {"asn": 64512, "as_org": "Example", "cidr_blocks": ["10.0.0.0/8"],
                            "bgp_info": {"communities": ["64512:1"], "origin_as": 64512, "as_path": [64512, 4294967295]},
                            "latency_map": {"eu": 12.5, "us": 80.0}},
           "metadata": {"b": "2", "a": "1"}}
location = {
    "define": {"location_id": HQ, "name": "Test Location", "location_type": "Physical", "address": springfield},
    "define-virtual": {"location_id": CAMPUS, "name": "Cloud", "location_type": "Virtual", "virtual_location": virtual},
    "define-child": {"location_id": CAMPUS, "name": "Campus", "location_type": "Physical",
                     "coordinates": {"latitude": 39.78, "longitude": -89.65, "altitude": 180.5, "coordinate_system": "WGS84"}, "parent_id": HQ},
    "update": {"location_id": HQ, "name": "HQ", "reason": "rename"},
    "set_parent": {"location_id": CAMPUS, "parent_id": HQ, "reason": "reorg"},
    "remove_parent": {"location_id": CAMPUS, "reason": "reorg"},
    "add_metadata": {"location_id": HQ, "metadata": {"floor": "3", "wing": "B"}, "reason": "survey"},
    "archive": {"location_id": HQ, "reason": "closed"},
}

rules = [{"name": "seven-years", "expression": {"GreaterThanOrEqual": {"field": "retention_years", "value": 7}}},
         {"rule_id": ACME, "name": "encrypted", "expression": {"And": [{"Equal": {"field": "data.encrypted", "value": True}},
                                                                         {"Not": {"Exists": {"field": "data.deleted"}}}]},
          "message": "Encrypt customer data"}]
policy = {
    "create": {"policy_id": P, "name": "Data Retention Policy", "description": "All customer data must be retained for 7 years",
               "policy_type": "Retention", "enforcement": "Mandatory", "scope": "Organization"},
    "create-rules": {"policy_id": Q, "name": "Privacy", "policy_type": "Privacy", "enforcement": "Hard", "scope": "Organization",
                     "rules": rules, "target": {"Composite": ["Global", {"Organization": ACME}]}, "created_by": "alice"},
    "update": {"policy_id": P, "name": "N", "enforcement": "Advisory", "target": "Global", "rules": [], "updated_by": "a"},
    "submit": {"policy_id": P, "submitted_by": "alice"},
    "reject": {"policy_id": P, "rejected_by": "bob", "reason": "incomplete"},
    "approve": {"policy_id": P, "approved_by": "bob", "approval_notes": "ok"},
    "activate": {"policy_id": P, "activated_by": "bob"},
    "suspend": {"policy_id": P, "suspended_by": "bob", "reason": "audit"},
    "revoke": {"policy_id": P, "revoked_by": "bob", "reason": "obsolete"},
    "archive": {"policy_id": P, "archived_by": "bob"},
    "create_set": {"policy_set_id": S, "name": "Baseline", "composition": {"AtLeast": 1}, "policy_ids": [P]},
    "add_to_set": {"policy_set_id": S, "policy_id": Q, "added_by": "alice"},
    "remove_from_set": {"policy_set_id": S, "policy_id": Q, "removed_by": "alice", "reason": "moved"},
    "grant_exemption": {"exemption_id": X, "policy_id": P, "reason": "legacy", "granted_by": "carol",
                        "expires_at": "2026-12-31T23:59:59.5Z", "target": {"Organization": ACME}},
    "revoke_exemption": {"exemption_id": X, "revoked_by": "carol", "reason": "migrated"},
    "evaluate": {"policy_id": P, "context": {"retention_years": 7}},
}

seeds = {}
for key, payload in person.items():
    seeds[f"person-{key}"] = script("person", ("create", payload))
for verb, payload in agent.items():
    seeds[f"agent-{verb}"] = script("agent", (verb, payload))
for key, payload in location.items():
    seeds[f"location-{key}"] = script("location", (key.split("-")[0], payload))
for key, payload in policy.items():
    seeds[f"policy-{key}"] = script("policy", (key.split("-")[0], payload))
# Whole lives: later commands reach the states only earlier ones make.
seeds["person-life"] = script("person", *[("create", person[k]) for k in
                                          ["create", "birth", "attribute", "update-attribute", "deactivate", "reactivate", "death", "archive"]])
seeds["person-merge-life"] = script("person", ("create", person["create"]),
                                    ("create", {"CreatePerson": {"person_id": {"id": BOB}, "name": name, "source": "import"}}),
                                    ("create", person["merge"]), ("create", person["invalidate-attribute"]))
seeds["agent-life"] = script("agent", *[(v, agent[v]) for v in
                                        ["deploy", "configure_model", "activate", "send_message", "suspend", "activate", "decommission"]])
seeds["agent-alias"] = script("agent", ("deploy", {k: v for k, v in agent["deploy"].items() if k != "type"}),
                              ("activate", {"agent_id": SAGE}))
seeds["location-life"] = script("location", ("define", location["define"]), ("define", location["define-child"]),
                                ("update", location["update"]), ("remove_parent", location["remove_parent"]),
                                ("set_parent", location["set_parent"]), ("add_metadata", location["add_metadata"]),
                                ("archive", location["archive"]), ("update", location["update"]))
seeds["policy-life"] = script("policy", *[(v.split("-")[0], policy[v]) for v in
                                          ["create", "create-rules", "submit", "approve", "activate", "create_set", "add_to_set",
                                           "grant_exemption"]])
seeds["policy-set-life"] = script("policy", *[(v.split("-")[0], policy[v]) for v in
                                              ["create", "create-rules", "create_set", "add_to_set", "remove_from_set", "grant_exemption",
                                               "revoke_exemption", "archive"]])
seeds["policy-life-end"] = script("policy", *[(v, policy[v]) for v in ["create", "submit", "reject", "submit", "approve", "activate",
                                                                        "suspend", "revoke"]])

# Queries: a world of policies, a set and an exemption made by commands, then queries of it.
QUERY_ACTIONS = VERBS["policy"][:14] + ["evaluate", "check_compliance", "unknown"]
R = "550e8400-e29b-41d4-a716-4466554400a2"
GLOBEX = "550e8400-e29b-41d4-a716-4466554400d1"
EXPIRY = "2026-12-31T23:59:59.5Z"


def step(action, payload, at=None):
    """One QueryScript step: the action byte, for a query its time line, then the payload."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    line = f"{at}\n" if at else ""
    return bytes([printable(QUERY_ACTIONS.index(action), len(QUERY_ACTIONS))]) + (line + text).encode()


def steps(*items):
    return b"\x00".join(step(*item) for item in items)


def lifecycle(policy_id):
    return [("submit", {"policy_id": policy_id}), ("approve", {"policy_id": policy_id, "approved_by": "bob"}),
            ("activate", {"policy_id": policy_id})]


every_operator = [
    {"name": "region", "expression": {"In": {"field": "region", "values": ["eu", "uk"]}}},
    {"name": "not-banned", "expression": {"NotIn": {"field": "region", "values": ["xx", None, 1]}}},
    {"name": "tagged", "expression": {"Contains": {"field": "tags", "value": "pii"}}, "message": "Tag personal data"},
    {"name": "small", "expression": {"Or": [{"LessThan": {"field": "amount", "value": 100}}, {"Equal": {"field": "approved", "value": True}}]}},
    {"name": "fresh", "expression": {"LessThanOrEqual": {"field": "expires", "value": "2030-01-01T00:00:00Z"}}},
    {"name": "not-test", "expression": {"NotEqual": {"field": "env.name", "value": "test"}}},
    {"name": "no-deleted", "expression": {"Not": {"Exists": {"field": "data.deleted"}}}},
    {"name": "positive", "expression": {"And": [{"GreaterThan": {"field": "amount", "value": 0.5}}, {"NotExists": {"field": "frozen"}}]}},
]
world = [
    ("create", {"policy_id": P, "name": "Retention", "policy_type": "Retention", "enforcement": "Mandatory", "scope": "Organization",
                "rules": rules[:1], "target": "Global"}),
    ("create", {"policy_id": Q, "name": "Privacy", "policy_type": "Privacy", "enforcement": "Advisory", "scope": "Organization",
                "rules": rules[1:], "target": {"Organization": ACME}}),
    ("create", {"policy_id": R, "name": "Controls", "policy_type": "Security", "enforcement": "Hard", "scope": "Team",
                "rules": every_operator, "target": {"Composite": [{"Organization": ACME}, {"Organization": GLOBEX}]}}),
    *lifecycle(P), *lifecycle(Q), *lifecycle(R),
    ("create_set", {"policy_set_id": S, "name": "Baseline", "composition": {"AtLeast": 1}, "policy_ids": [P, R]}),
    ("add_to_set", {"policy_set_id": S, "policy_id": Q}),
    ("grant_exemption", {"exemption_id": X, "policy_id": P, "reason": "legacy", "granted_by": "carol", "expires_at": EXPIRY,
                         "target": {"Organization": ACME}}),
]
good = {"retention_years": 7, "amount": 50, "data": {"encrypted": True}, "region": "eu", "tags": ["pii", "gdpr"],
        "expires": "2026-01-01T00:00:00Z", "env": {"name": "prod"}}
bad = {"retention_years": 1, "amount": 500, "data": {"encrypted": "no", "deleted": None}, "region": "us", "tags": "pii-free",
       "expires": 5, "frozen": False}
query_seeds = {
    "evaluate-applicable": steps(*world, ("evaluate", {"context": good}), ("evaluate", {"context": bad, "organization_id": ACME}),
                                 ("evaluate", {"context": good, "target": {"Composite": [{"Organization": GLOBEX}, "Global"]}})),
    "evaluate-listed": steps(*world, ("evaluate", {"context": bad, "policy_ids": [R, Q, P, Q]}, "2026-06-01T12:00:00+02:00"),
                             ("evaluate", {"context": {}, "policy_ids": []})),
    "compliance-set": steps(*world, ("check_compliance", {"context": bad, "policy_set_id": S}),
                            ("check_compliance", {"context": good, "policy_set_id": S, "organization_id": ACME})),
    "compliance-exemption": steps(*world,
                                  ("check_compliance", {"context": bad, "organization_id": ACME}, "2026-12-31T23:59:59.499999999Z"),
                                  ("check_compliance", {"context": bad, "organization_id": ACME}, EXPIRY),
                                  ("check_compliance", {"context": bad, "target": {"Organization": ACME}}, "2027-01-01T00:00:00Z"),
                                  ("check_compliance", {"context": bad, "target": "Global", "policy_ids": [P]})),
    "compliance-plain": steps(*world, ("check_compliance", {"context": good}), ("check_compliance", {"context": {"retention_years": 3}},
                                                                                  "1970-01-01T00:00:00Z")),
    "lifecycle": steps(world[0], ("evaluate", {"context": good, "policy_ids": [P]}), *lifecycle(P),
                       ("check_compliance", {"context": bad}),
                       ("grant_exemption", {"exemption_id": X, "policy_id": P, "reason": "r", "granted_by": "c", "expires_at": "2030-01-01T00:00:00Z"}),
                       ("check_compliance", {"context": bad}),
                       ("revoke_exemption", {"exemption_id": X, "revoked_by": "carol", "reason": "migrated"}),
                       ("check_compliance", {"context": bad}), ("suspend", {"policy_id": P, "reason": "audit"}),
                       ("evaluate", {"context": bad, "policy_ids": [P]})),
    "bad-payloads": steps(("evaluate", "["), ("evaluate", "{}"), ("check_compliance", {"context": [1]}),
                          ("evaluate", {"context": {}, "policy_ids": ["nope"]}),
                          ("evaluate", {"context": {}, "policy_ids": [], "policy_set_id": S}),
                          ("check_compliance", {"context": {}, "target": "Global", "organization_id": ACME}),
                          ("evaluate", {"context": {}, "target": {"Team": "x"}}),
                          ("evaluate", {"context": {}, "organization_id": "acme"})),
    "bad-ids": steps(world[0], world[-3][:1] + ({**world[-3][1], "policy_ids": [P]},),
                     ("grant_exemption", {"exemption_id": X, "policy_id": P, "reason": "r", "granted_by": "c", "expires_at": EXPIRY}),
                     ("check_compliance", {"context": {}, "policy_ids": [S]}), ("evaluate", {"context": {}, "policy_ids": [X]}),
                     ("check_compliance", {"context": {}, "policy_set_id": P}), ("evaluate", {"context": {}, "policy_set_id": Q}),
                     ("unknown", {"context": {}})),
}

json_seeds = {
    "nested": '{"a":[1,-2.5e3,true,false,null,"x\\ny\\u00e9\\ud83d\\ude00",{"b":{}},[]],"c":"é😀","d":123456789012345678901234567890}',
    "deep": '[[[[[[[[[[[[[[[[{"k":"v"}]]]]]]]]]]]]]]]]',
    "keys": '{"":"","\\u0000":0,"a\\"b":-0.0e-0}',
    "scalars": '["2025-11-09T19:00:00.123456789+05:30","1815-12-10","+10000-01-01","550E8400-E29B-41D4-A716-446655440000",'
               '1e308,1e-400,-0,9223372036854775807,9223372036854775808,0.1]',
}
for key in ["create"]:
    json_seeds[f"person-{key}"] = json.dumps(person[key], ensure_ascii=False)
json_seeds["location-virtual"] = json.dumps(virtual)
json_seeds["agent-configure"] = json.dumps(agent["configure_model"])
json_seeds["policy-rules"] = json.dumps(policy["create-rules"])

for folder, files in [("commands", seeds), ("queries", query_seeds), ("json", {k: v.encode() for k, v in json_seeds.items()})]:
    path = os.path.join(HERE, folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    for key, data in files.items():
        with open(os.path.join(path, key), "wb") as out:
            out.write(data)
    print(f"{folder}: {len(files)} seeds")

# Dictionaries: JSON's own tokens and the scalars the domains read; for commands also every
# identifier-like string literal of the domains' sources, quoted as it appears in JSON.
tokens = ['{', '}', '[', ']', ':', ',', '"', 'true', 'false', 'null', '-0', '1e', '.5', '\\u', '\\ud83d\\ude00',
          '"2025-11-09T19:00:00Z"', '"1815-12-10"', f'"{HQ}"']
sources = os.path.join(HERE, "..", "..", "Sources", "Aggregates")


def literals(folder):
    """Every identifier-like string literal of the Swift sources under `folder`."""
    found = set()
    for path in glob.glob(os.path.join(folder, "**", "*.swift"), recursive=True):
        with open(path, encoding="utf-8") as source:
            found.update(re.findall(r'"([A-Za-z_][A-Za-z0-9_]{1,40})"', source.read()))
    return sorted(found)


# Queries: the Policy domain's literals (the query keys among them), the seeds' ids and times, and
# a time line's end.
query_tokens = tokens + [f'"{name}"' for name in literals(os.path.join(sources, "Policy"))] + \
    [f'"{uuid}"' for uuid in [P, Q, R, S, X, ACME, GLOBEX]] + [f'"{EXPIRY}"', EXPIRY + "\n", "2027-01-01T00:00:00Z\n", ".999999999Z", "+14:00"]


def escape(entry):
    """A dictionary entry's text: backslashes and quotes escaped, other bytes outside ASCII's printable ones as \\xNN."""
    return "".join("\\" + c if c in '\\"' else c if 0x20 <= ord(c) < 0x7F else "".join(f"\\x{b:02X}" for b in c.encode())
                   for c in entry)


os.makedirs(os.path.join(HERE, "..", "dictionaries"), exist_ok=True)
for target, entries in [("json", tokens), ("commands", tokens + [f'"{name}"' for name in literals(sources)]), ("queries", query_tokens)]:
    with open(os.path.join(HERE, "..", "dictionaries", f"{target}.dict"), "w", encoding="utf-8") as out:
        for entry in entries:
            out.write(f'"{escape(entry)}"\n')
    print(f"{target}.dict: {len(entries)} entries")
