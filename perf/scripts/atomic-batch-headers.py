"""Cost of the headers the runtime puts on each event of an atomic batch, measured by hand with nats-py.

Usage: python3 perf/scripts/atomic-batch-headers.py NATS_URL VARIANT   (VARIANT: same | distinct | msgid | guard)
Against a nats-server 2.12+ (sync_interval: always for the durable case). Each run recreates the stream EXP on
person.events.>, sends 60 atomic batches of 128 x 512 B and prints the median and p90 commit time (first
message to the commit reply). same: one subject; distinct: a subject per event; msgid: + Nats-Msg-Id;
guard: + Nats-Expected-Last-Subject-Sequence 0 over person.events.<id>.> (what person-service sends).
"""
import asyncio, sys, time, uuid, statistics, nats
async def main(url, variant, batches=60, n=128):
    nc = await nats.connect(url)
    js = nc.jetstream()
    name = "EXP"
    try: await js.delete_stream(name)
    except Exception: pass
    await nc.request("$JS.API.STREAM.CREATE."+name, ('{"name":"%s","subjects":["person.events.>"],"storage":"file","allow_atomic":true,"allow_direct":true,"duplicate_window":120000000000}'%name).encode())
    payload = b"x"*512
    lat=[]
    for b in range(batches):
        bid = uuid.uuid4().hex[:22]
        t0=time.perf_counter()
        for i in range(n):
            agg = uuid.uuid4()
            subj = "person.events.%s.created"%agg if variant!="same" else "person.events.same"
            h = {"Nats-Batch-Id":bid, "Nats-Batch-Sequence":str(i+1)}
            if variant in ("msgid","guard"): h["Nats-Msg-Id"]="%s:0"%agg
            if variant=="guard":
                h["Nats-Expected-Last-Subject-Sequence"]="0"
                h["Nats-Expected-Last-Subject-Sequence-Subject"]="person.events.%s.>"%agg
            if i==n-1:
                h["Nats-Batch-Commit"]="1"
                r = await nc.request(subj, payload, headers=h, timeout=10)
                if b"error" in r.data: print(r.data); return
            else:
                await nc.publish(subj, payload, headers=h)
        lat.append((time.perf_counter()-t0)*1e3)
    print(variant, "commit ms p50 %.2f p90 %.2f"%(statistics.median(lat), sorted(lat)[int(len(lat)*.9)]))
    await nc.close()
asyncio.run(main(sys.argv[1], sys.argv[2]))
