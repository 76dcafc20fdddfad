using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Docket.Application.Messaging;
using Docket.Client;
using Docket.Contracts;
using Docket.Storage.Messaging;
using TaskEventTypes = Docket.Domain.Tasks.TaskEventTypes;

namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// Issue 6: stage advancement through the queue. N Label tasks, each preAssigned to one of 16 labelers (and to no
/// one in Review_1), are finalized by their labelers, 64 requests in flight; each 202 is timed, and each task is
/// polled (GET …/tasks/{taskId}) until it shows Review_1 with no pending move: the latency from the finalize
/// request's start to that observation, and tasks moved per second. The baseline is the same shape in plain SDK
/// calls: a conditional entity update and a queue message sent, the message taken by a polling consumer loop
/// (batches of 16, as the queue trigger), a second conditional update and the message deleted.
/// </summary>
public static class FinalizeBenchmark
{
    public const int DefaultSize = 1_000;
    const int Labelers = 16;
    const int InFlight = 64;
    const int Pollers = 32;
    const int WarmUp = 16;
    const int EventSample = 50;
    const string ProjectId = "bench-finalize";
    const string Label = "Label";
    const string Review = "Review_1";
    const string RawQueueName = "raw-moves";

    // The queue trigger's settings in host.json, which the raw consumer loop copies.
    const int BatchSize = 16;
    const int NewBatchThreshold = 8;
    static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);
    static readonly TimeSpan MessageLease = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Moves arrive about in the order their messages were sent, i.e. in the order the 202s came back. So the 32
    /// pollers cycle through the <see cref="Frontier"/> oldest outstanding tasks in that order, each looked at
    /// again no sooner than <see cref="RepollAfter"/> after the previous look; a task seen in Review_1 leaves and
    /// the next one comes in. At most Frontier ÷ RepollAfter looks a second at tasks already looked at, plus about
    /// one look per arrival: enough to see each arrival soon, few enough not to be the storage load measured.
    /// </summary>
    const int Frontier = 32;
    static readonly TimeSpan RepollAfter = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Before the timed phase both consumers sit idle this long, so each starts from its longest polling
    /// interval — a burst of finalizes arriving at a quiet host, the same for Docket and the baseline.
    /// </summary>
    static readonly TimeSpan IdleBeforeStart = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long after the last 202 a task may take to arrive before it counts as lost (the sweeper re-sends after a
    /// minute).
    /// </summary>
    static readonly TimeSpan ArrivalDeadline = TimeSpan.FromMinutes(3);

    sealed record RawMove(int Item, string ETag);

    public static async Task<List<SummaryRow>> RunAsync(int size)
    {
        Console.WriteLine(
            $"== finalize: {Measure.Count(size)} Label tasks of {Labelers} labelers (preAssigned, none for {Review}) " +
            $"finalized, {InFlight} in flight, each polled until it is in {Review} ==");
        await using var host = await BenchHost.StartAsync();
        await host.CreateProjectAsync(ProjectId, queueSize: 5, reviewStages: 1);
        var labelers = await host.AddMembersAsync(ProjectId, Labelers, "labeler");
        var total = WarmUp + size;
        // Entries 0..15 warm up (JIT, connections); 16.. are measured. Entry i belongs to labeler i mod 16.
        var file = TaskFiles.Generate(total, "fin", labelAssigneeOf: i => labelers[i % Labelers].Email);
        var upload = await host.UploadAsync(ProjectId, file.Json);
        if (upload.Created != total)
            throw new InvalidOperationException($"Upload created {upload.Created} tasks, expected {total}.");
        Console.WriteLine(
            $"  uploaded {Measure.Count(upload.Created)} tasks ({WarmUp} for warm-up) in " +
            $"{upload.Elapsed.TotalSeconds:0.0} s" +
                          (upload.LargePath ? " (chunked path)" : " (synchronous path)"));

        // The baseline first: were it second, it would run on a heap already holding Docket's moves.
        var raw = await RunRawAsync(host, size);
        var byEvents = await RunDocketByEventsAsync(host, labelers, size);
        var docket = await RunDocketAsync(host, labelers, file.TaskIds, size);

        var latencyRatio = docket.Moved.Median / raw.Moved.Median;
        var requestRatio = docket.Requests.Median / raw.Requests.Median;
        var throughputRatio = docket.Throughput / raw.Throughput;
        Console.WriteLine(
            $"  ratio finalize → {Review} median ÷ raw start → second update median = " +
            $"{Measure.Ratio(latencyRatio)}; p99 ÷ raw p99 = {Measure.Ratio(docket.Moved.P99 / raw.Moved.P99)}");
        Console.WriteLine($"  ratio finalize (202) median ÷ raw update + send median = {Measure.Ratio(requestRatio)}");
        Console.WriteLine($"  ratio docket tasks moved/s ÷ raw moves/s = {Measure.Ratio(throughputRatio)}");

        var fairLatency = byEvents.Moved.Median / raw.Moved.Median;
        var fairThroughput = byEvents.Throughput / raw.Throughput;
        Console.WriteLine($"ratio fair finalize median = {Measure.Ratio(fairLatency)}");
        Console.WriteLine($"ratio fair finalize throughput = {Measure.Ratio(fairThroughput)}");

        var allArrivedOnce = docket.Lost == 0 && docket.NotInPool == 0 && docket.SampledOnce == docket.Sampled
            && docket.LeftInQueues == 0;
        return
        [
            new SummaryRow($"finalize (202), {Measure.Count(size)} × {InFlight}",
                $"median {Measure.Ms(docket.Requests.Median)}, p99 {Measure.Ms(docket.Requests.P99)}",
                $"update + send: median {Measure.Ms(raw.Requests.Median)}, p99 {Measure.Ms(raw.Requests.P99)}",
                Measure.Ratio(requestRatio), "— (none set)", null),
            new SummaryRow($"finalize → in {Review}, {Measure.Count(size)} × {InFlight}",
                $"median {Measure.Ms(docket.Moved.Median)}, p99 {Measure.Ms(docket.Moved.P99)} (as seen by " +
                $"polling{(docket.SeenAfterMove.Count == 0
                    ? ""
                    : $"; seen a median {Measure.Ms(docket.SeenAfterMove.Median)} after the move in a " +
                      $"{docket.SeenAfterMove.Count}-task sample")})",
                $"median {Measure.Ms(raw.Moved.Median)}, p99 {Measure.Ms(raw.Moved.P99)}",
                Measure.Ratio(latencyRatio), "— (none set)", null),
            new SummaryRow($"finalize throughput {Measure.Count(size)}", Measure.Rate(docket.Throughput, "tasks"),
                Measure.Rate(raw.Throughput, "moves"), Measure.Ratio(throughputRatio), "— (none set)", null),
            new SummaryRow($"finalize → in {Review}, {Measure.Count(size)} × {InFlight}, fair",
                $"by enteredStage events, no pollers: median {Measure.Ms(byEvents.Moved.Median)}, p99 " +
                $"{Measure.Ms(byEvents.Moved.P99)}; {Measure.Rate(byEvents.Throughput, "tasks")}",
                $"median {Measure.Ms(raw.Moved.Median)}; {Measure.Rate(raw.Throughput, "moves")}",
                $"{Measure.Ratio(fairLatency)}; {Measure.Ratio(fairThroughput)}",
                "≤ 1.3× median; ≥ 0.8 throughput; every arrival once",
                fairLatency <= 1.3 && fairThroughput >= 0.8 && byEvents.ArrivedOnce == size),
            new SummaryRow($"finalize arrivals {Measure.Count(size)}",
                $"{Measure.Count(size - docket.Lost)} arrived, {docket.Lost} lost, {docket.NotInPool} not in pool; " +
                $"{docket.SampledOnce} of {docket.Sampled} sampled entered {Review} once; " +
                $"{docket.LeftInQueues} messages left/poisoned",
                $"{Measure.Count(raw.Arrived)} arrived", "", "all arrive, exactly once", allArrivedOnce),
        ];
    }

    sealed record RawOutcome(Latencies Requests, Latencies Moved, double Throughput, int Arrived);

    /// <summary>
    /// Item i: replace its entity under the ETag it was inserted with, send {i, new ETag}; a consumer loop receives
    /// up to 16 messages at a time (and fetches more once 8 or fewer are in hand, as the queue trigger does), replaces
    /// the entity again under the ETag the message carries, then deletes the message.
    /// </summary>
    static async Task<RawOutcome> RunRawAsync(BenchHost host, int size)
    {
        var total = WarmUp + size;
        var table = (await RawTable.CreateAsync(host.ConnectionString, "RawMoves")).Table;
        var queue = new QueueClient(host.ConnectionString, RawQueueName,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();

        var etags = new ETag[total];
        var batches = Enumerable.Range(0, total).GroupBy(i => i % RawTable.Partitions)
            .SelectMany(p => p.Chunk(RawTable.BatchSize));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = RawTable.ParallelBatches },
            async (batch, ct) =>
        {
            var response = await table.SubmitTransactionAsync(batch.Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, RawTable.Entity(i))), ct);
            for (var k = 0; k < batch.Length; k++)
                etags[batch[k]] = response.Value[k].Headers.ETag
                                  ?? (await table.GetEntityAsync<TableEntity>(RawTable.PartitionOf(batch[k]),
                                      RawTable.RowOf(batch[k]), cancellationToken: ct)).Value.ETag;
        });

        var started = new long[total];
        var arrived = new long[total];
        var arrivals = 0;
        var stale = 0;
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(() => ConsumeAsync(queue, async message =>
        {
            var move = JsonSerializer.Deserialize<RawMove>(message.Body)!;
            var entity = RawTable.Entity(move.Item);
            entity["Stage"] = Review;
            entity["Status"] = "Unassigned";
            entity["Version"] = 3L;
            try
            {
                await table.UpdateEntityAsync(entity, new ETag(move.ETag), TableUpdateMode.Replace);
                arrived[move.Item] = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref arrivals);
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                Interlocked.Increment(ref stale); // a duplicate delivery: the first one moved it
            }
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }, stop.Token));

        var requests = new Latencies();
        async ValueTask ProduceAsync(int i, CancellationToken ct)
        {
            started[i] = Stopwatch.GetTimestamp();
            var entity = RawTable.Entity(i);
            entity["Status"] = "Finalized";
            entity["Version"] = 2L;
            var updated = await table.UpdateEntityAsync(entity, etags[i], TableUpdateMode.Replace, ct);
            await queue.SendMessageAsync(
                JsonSerializer.Serialize(new RawMove(i, updated.Headers.ETag!.Value.ToString())), ct);
            if (i >= WarmUp) requests.Add(Stopwatch.GetElapsedTime(started[i]));
        }

        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, WarmUp),
                new ParallelOptions { MaxDegreeOfParallelism = InFlight }, ProduceAsync);
            await WaitUntilAsync(() => Volatile.Read(ref arrivals) >= WarmUp, "raw warm-up moves");
            await Task.Delay(IdleBeforeStart);

            var cpu = CpuUsage.Start(host);
            var first = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(Enumerable.Range(WarmUp, size),
                new ParallelOptions { MaxDegreeOfParallelism = InFlight }, ProduceAsync);
            await WaitUntilAsync(() => Volatile.Read(ref arrivals) >= total, "raw moves");
            var cpuText = cpu.Describe(size, "move");

            var measured = Enumerable.Range(WarmUp, size).ToList();
            var moved = new Latencies();
            foreach (var i in measured) moved.Add(Stopwatch.GetElapsedTime(started[i], arrived[i]));
            var last = measured.Max(i => arrived[i]);
            var elapsed = Stopwatch.GetElapsedTime(first, last);
            var throughput = Measure.PerSecond(size, elapsed);
            Console.WriteLine(
                $"  raw: {Measure.Count(size)} moves, {InFlight} in flight (update + send; consumer loop receives " +
                $"{BatchSize} at a time, refills at ≤ {NewBatchThreshold} in hand, then update + delete)");
            Console.WriteLine($"    update + send:              {requests}");
            Console.WriteLine($"    start → second update:      {moved}");
            Console.WriteLine(
                $"    first start → last second update {elapsed.TotalSeconds:0.00} s = " +
                $"{Measure.Rate(throughput, "moves")}; first arrival after " +
                $"{Measure.Ms(measured.Min(i => Stopwatch.GetElapsedTime(first, arrived[i]).TotalMilliseconds))}" +
                              (stale > 0 ? $"; {stale} duplicate deliveries" : ""));
            Console.WriteLine($"    {cpuText}");
            return new RawOutcome(requests, moved, throughput, measured.Count(i => arrived[i] != 0));
        }
        finally
        {
            await stop.CancelAsync();
            await consumer;
        }
    }

    /// <summary>
    /// The queue trigger's loop: batches of 16, a new batch once 8 or fewer are in hand, back-off 100 ms doubling to
    /// 2 s when empty.
    /// </summary>
    static async Task ConsumeAsync(QueueClient queue, Func<QueueMessage, Task> process, CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        var delay = TimeSpan.Zero;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(BatchSize, MessageLease, stoppingToken);
                if (messages.Length == 0)
                {
                    delay = delay == TimeSpan.Zero
                        ? MinimumPollingInterval
                        : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollingInterval.Ticks));
                    await Task.Delay(delay, stoppingToken);
                    continue;
                }
                delay = TimeSpan.Zero;
                inFlight.AddRange(messages.Select(process));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(inFlight);
    }

    sealed record EventOutcome(Latencies Moved, double Throughput, int ArrivedOnce);

    /// <summary>
    /// The fair ruler's Docket side: the same finalizes on a project of their own with nobody polling; once the
    /// stage-move queue is empty, each task's arrival is read from its <c>enteredStage</c> event (the commit's time
    /// on the host's clock, the machine the benchmark runs on), so both sides carry only their own work.
    /// </summary>
    static async Task<EventOutcome> RunDocketByEventsAsync(BenchHost host, List<Member> labelers, int size)
    {
        const string projectId = ProjectId + "-ev";
        var total = WarmUp + size;
        await host.CreateProjectAsync(projectId, queueSize: 5, reviewStages: 1);
        foreach (var labeler in labelers)
            await host.Admin.PutMemberAsync(projectId, labeler.Email,
                new PutMemberRequest(ProjectRole.Member) { Stages = [Label] });
        var file = TaskFiles.Generate(total, "fev", labelAssigneeOf: i => labelers[i % Labelers].Email);
        var upload = await host.UploadAsync(projectId, file.Json);
        if (upload.Created != total)
            throw new InvalidOperationException($"Upload created {upload.Created} tasks, expected {total}.");
        var taskIds = file.TaskIds;
        Task FinalizeAsync(int i) => labelers[i % Labelers].Client.FinalizeTaskAsync(projectId, taskIds[i]);
        var moves = new QueueClient(host.ConnectionString, QueueNames.StageMoves);

        async Task DrainedAsync(IEnumerable<int> items) => await WaitUntilAsync(async () =>
            await ApproximateCountAsync(moves) == 0
            && (await Task.WhenAll(items.Select(i => host.Admin.GetTaskAsync(projectId, taskIds[i])))).All(InReview),
            "unpolled moves");

        await Task.WhenAll(Enumerable.Range(0, WarmUp).Select(FinalizeAsync));
        await DrainedAsync(Enumerable.Range(0, WarmUp));
        await Task.Delay(IdleBeforeStart);

        var startedAt = new DateTimeOffset[total];
        await Parallel.ForEachAsync(Enumerable.Range(WarmUp, size),
            new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            startedAt[i] = DateTimeOffset.UtcNow;
            await FinalizeAsync(i);
        });
        // Looked at only once the queue is empty: a look now and then costs nothing the moves wait for.
        await WaitUntilAsync(async () => await ApproximateCountAsync(moves) == 0, "unpolled moves");
        await DrainedAsync(Enumerable.Range(WarmUp, size));

        var moved = new Latencies();
        var arrivals = new List<DateTimeOffset>();
        var once = 0;
        foreach (var i in Enumerable.Range(WarmUp, size))
        {
            var entered = (await host.Admin.GetTaskEventsAsync(projectId, taskIds[i]))
                .Where(e => e.Type == TaskEventTypes.EnteredStage && StageOf(e) == Review).ToList();
            if (entered.Count == 1) once++;
            if (entered.Count == 0) continue;
            moved.Add(entered[0].At - startedAt[i]);
            arrivals.Add(entered[0].At);
        }
        var first = startedAt.Skip(WarmUp).Min();
        var throughput = Measure.PerSecond(arrivals.Count, arrivals.Max() - first);
        Console.WriteLine(
            $"  docket, nobody polling ({projectId}): finalize → {Review} by enteredStage events {moved}; " +
            $"{Measure.Rate(throughput, "tasks moved")}; {once} of {size} entered {Review} exactly once");
        return new EventOutcome(moved, throughput, once);
    }

    sealed record DocketOutcome(Latencies Requests, Latencies Moved, Latencies SeenAfterMove, double Throughput,
        int Lost, int NotInPool, int Sampled, int SampledOnce, long LeftInQueues);

    static async Task<DocketOutcome> RunDocketAsync(BenchHost host, List<Member> labelers,
        IReadOnlyList<string> taskIds, int size)
    {
        var total = WarmUp + size;
        Task<DocketTask> GetAsync(int i) => host.Admin.GetTaskAsync(ProjectId, taskIds[i]);
        Task FinalizeAsync(int i) => labelers[i % Labelers].Client.FinalizeTaskAsync(ProjectId, taskIds[i]);

        // Warm-up: 16 tasks, one per labeler, finalized and waited for; then the host's queue listener goes idle.
        await Task.WhenAll(Enumerable.Range(0, WarmUp).Select(FinalizeAsync));
        await WaitUntilAsync(async () =>
        {
            var states = await Task.WhenAll(Enumerable.Range(0, WarmUp).Select(GetAsync));
            return states.All(InReview);
        }, "Docket warm-up moves");
        await Task.Delay(IdleBeforeStart);

        var started = new long[total];
        var startedAt = new DateTimeOffset[total];
        var acceptedAt = new long[total];
        var arrived = new long[total];
        var window = new double[total];
        var seenAtFirstLook = new bool[total];
        var status = new string?[total];
        var lastPoll = new long[total];
        var arrivals = 0;
        var pollErrors = 0;
        var polls = 0;
        var deadline = long.MaxValue;
        var outstanding = new Outstanding(total, (long)(RepollAfter.TotalSeconds * Stopwatch.Frequency));
        var requests = new Latencies();
        var pollInterval = new Latencies();
        var pollLatency = new Latencies();

        using var finalizeTrace = new StorageTrace(host.StoragePorts);
        using var pollTrace = new StorageTrace(host.StoragePorts);
        var cpu = CpuUsage.Start(host);
        var first = Stopwatch.GetTimestamp();

        var pollers = Enumerable.Range(0, Pollers).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref arrivals) < size && Stopwatch.GetTimestamp() < Volatile.Read(ref deadline))
            {
                if (outstanding.TakeDue(Stopwatch.GetTimestamp(), lastPoll) is not { } i)
                {
                    await Task.Delay(5);
                    continue;
                }
                DocketTask? task = null;
                using (pollTrace.Request())
                {
                    var getStarted = Stopwatch.GetTimestamp();
                    try
                    {
                        task = await GetAsync(i);
                    }
                    catch (DocketApiException)
                    {
                        Interlocked.Increment(ref pollErrors);
                    }
                    pollLatency.Add(Stopwatch.GetElapsedTime(getStarted));
                }
                var now = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref polls);
                var previous = lastPoll[i] != 0 ? lastPoll[i] : started[i];
                if (lastPoll[i] != 0) pollInterval.Add(Stopwatch.GetElapsedTime(lastPoll[i], now));
                lastPoll[i] = now;
                if (task is not null && InReview(task))
                {
                    // It arrived after the previous look (or its finalize's start) and before this answer.
                    arrived[i] = now;
                    window[i] = Stopwatch.GetElapsedTime(previous, now).TotalMilliseconds;
                    seenAtFirstLook[i] = previous == started[i];
                    status[i] = task.Status;
                    Interlocked.Increment(ref arrivals);
                }
                outstanding.Looked(i, arrived[i] != 0);
            }
        })).ToList();

        await Parallel.ForEachAsync(Enumerable.Range(WarmUp, size),
            new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            startedAt[i] = DateTimeOffset.UtcNow;
            started[i] = Stopwatch.GetTimestamp();
            using (finalizeTrace.Request())
                await FinalizeAsync(i);
            acceptedAt[i] = Stopwatch.GetTimestamp();
            requests.Add(Stopwatch.GetElapsedTime(started[i], acceptedAt[i]));
            outstanding.Accepted(i);
        });
        Volatile.Write(ref deadline,
            Stopwatch.GetTimestamp() + (long)(ArrivalDeadline.TotalSeconds * Stopwatch.Frequency));
        await Task.WhenAll(pollers);
        var cpuText = cpu.Describe(size, "task");
        var phaseCpu = cpu.Spent();
        finalizeTrace.Dispose();
        pollTrace.Dispose();

        var measured = Enumerable.Range(WarmUp, size).ToList();
        var seen = measured.Where(i => arrived[i] != 0).ToList();
        var lost = size - seen.Count;
        if (seen.Count == 0)
            throw new InvalidOperationException(
                $"No finalized task was seen in {Review} within " +
                $"{ArrivalDeadline.TotalMinutes:0} minutes of the last 202.");
        var moved = new Latencies();
        var windows = new Latencies();
        foreach (var i in seen)
        {
            moved.Add(Stopwatch.GetElapsedTime(started[i], arrived[i]));
            if (!seenAtFirstLook[i]) windows.Add(TimeSpan.FromMilliseconds(window[i]));
        }
        var last = seen.Count == 0 ? first : seen.Max(i => arrived[i]);
        var elapsed = Stopwatch.GetElapsedTime(first, last);
        var throughput = Measure.PerSecond(seen.Count, elapsed);
        var pollSeconds = elapsed.TotalSeconds;

        Console.WriteLine(
            $"  docket: {Measure.Count(size)} finalizes by {Labelers} labelers, {InFlight} in flight; {Pollers} " +
            $"pollers cycle through the {Frontier} oldest outstanding tasks (202 order), a task looked at again " +
            $"after ≥ {Measure.Ms(RepollAfter.TotalMilliseconds)}");
        Console.WriteLine($"    finalize (202):             {requests}");
        Console.WriteLine($"    finalize → seen in {Review}: {(seen.Count > 0 ? moved.ToString() : "none arrived")}");
        Console.WriteLine(
            $"    first finalize → last arrival seen {elapsed.TotalSeconds:0.00} s = " +
            $"{Measure.Rate(throughput, "tasks moved")}; first arrival seen after " +
            $"{Measure.Ms(seen.Count == 0
                ? 0
                : seen.Min(i => Stopwatch.GetElapsedTime(first, arrived[i]).TotalMilliseconds))}");
        Console.WriteLine(
            $"    polling: {Measure.Count(polls)} GETs ({Measure.Rate(polls / pollSeconds, "GETs")}, " +
            $"{polls / (double)size:0.0} a task, {pollErrors} not 200; a GET " +
            $"{(pollLatency.Count > 0 ? pollLatency.ToString() : "—")})");
        Console.WriteLine(
            $"    time between two looks at the same task: " +
            $"{(pollInterval.Count > 0 ? pollInterval.ToString() : "—")}");
        var (pollCalls, allCalls) = pollTrace.CountMarked();
        Console.WriteLine(
            $"    the polls made {Measure.Count(pollCalls)} of the phase's {Measure.Count(allCalls)} storage calls " +
            $"({pollCalls / (double)Math.Max(1, allCalls):P0})");
        var firstLook = seen.Count(i => seenAtFirstLook[i]);
        Console.WriteLine(
            $"    {firstLook} arrivals were seen at the task's first look; for the other {seen.Count - firstLook}, " +
            $"the last look that missed it and the look that saw it were " +
            $"{(windows.Count > 0 ? windows.ToString() : "—")} apart. Nothing is subtracted: the latencies " +
            $"above are when the arrival was seen");
        Console.WriteLine($"    {cpuText}");
        finalizeTrace.PrintPerRequest("finalize", requests.Mean);
        pollTrace.PrintPerRequest("a poll (GET task)", pollLatency.Count == 0 ? 0 : pollLatency.Mean);
        finalizeTrace.PrintUnmarked(
            "caused by no benchmark request (the move function, queue listeners' polling, timers)",
            size, "task", pollTrace);

        // Verification, outside the timed phase: every task seen in the pool, a sample's trail, nothing left in the
        // queues.
        var notInPool = seen.Count(i => status[i] != "UNASSIGNED");
        var shuffled = measured.ToArray();
        new Random(17).Shuffle(shuffled);
        var sample = shuffled.Take(EventSample).Order().ToList();
        var sampledOnce = 0;
        var eventLatency = new Latencies();
        var observedLatency = new Latencies();
        var seenAfterEvent = new Latencies();
        foreach (var i in sample)
        {
            var events = await host.Admin.GetTaskEventsAsync(ProjectId, taskIds[i]);
            var entered = events.Where(e => e.Type == TaskEventTypes.EnteredStage && StageOf(e) == Review).ToList();
            var finalized = events.Count(e => e.Type == TaskEventTypes.Finalized && StageOf(e) == Label);
            if (entered.Count == 1 && finalized == 1)
            {
                sampledOnce++;
                var byEvent = entered[0].At - startedAt[i];
                eventLatency.Add(byEvent);
                if (arrived[i] != 0)
                {
                    var observed = Stopwatch.GetElapsedTime(started[i], arrived[i]);
                    observedLatency.Add(observed);
                    seenAfterEvent.Add(observed - byEvent);
                }
            }
            else
            {
                Console.WriteLine(
                    $"    task {taskIds[i]}: {finalized} finalized and {entered.Count} enteredStage {Review} " +
                    $"events: {string.Join(", ", events.Select(e => $"{e.Type} {StageOf(e)}"))}");
            }
        }
        // What the pollers cost: as many GETs again, 32 at a time, with nothing else running; CPU per GET × the polls
        // made.
        var calibrationGets = Math.Max(1, polls);
        var calibrationCpu = CpuUsage.Start(host);
        var nextGet = -1;
        await Task.WhenAll(Enumerable.Range(0, Pollers).Select(_ => Task.Run(async () =>
        {
            for (var k = Interlocked.Increment(ref nextGet);
                k < calibrationGets;
                k = Interlocked.Increment(ref nextGet))
                await GetAsync(WarmUp + k % size);
        })));
        var perGet = calibrationCpu.Spent();
        var pollAzurite = perGet.Azurite.TotalSeconds / calibrationGets * polls;
        var pollSelf = perGet.Self.TotalSeconds / calibrationGets * polls;

        var account = new QueueServiceClient(host.ConnectionString);
        var left = await ApproximateCountAsync(account.GetQueueClient(QueueNames.StageMoves));
        var poisoned = await ApproximateCountAsync(account.GetQueueClient(QueueNames.StageMoves + "-poison"));

        Console.WriteLine(
            $"  verification: {Measure.Count(seen.Count)} of {Measure.Count(size)} tasks seen in {Review} with no " +
            $"pending move, {lost} lost; {notInPool} of them not UNASSIGNED (the {Review} pool)");
        Console.WriteLine(
            $"    {sampledOnce} of {sample.Count} sampled tasks' events show exactly one finalized (Label) and " +
            $"exactly one enteredStage {Review}; messages left in {QueueNames.StageMoves}: {left}, " +
            $"in its poison queue: {poisoned}");
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"    polling's share, from {Measure.Count(calibrationGets)} GETs timed alone afterwards " +
            $"({perGet.Azurite.TotalMilliseconds / calibrationGets:0.00} ms Azurite, " +
            $"{perGet.Self.TotalMilliseconds / calibrationGets:0.00} ms this process a GET): about {pollAzurite:0.0} " +
            $"of the phase's {phaseCpu.Azurite.TotalSeconds:0.0} s of Azurite CPU " +
            $"({pollAzurite / phaseCpu.Azurite.TotalSeconds:P0}) and {pollSelf:0.0} of " +
            $"{phaseCpu.Self.TotalSeconds:0.0} s of this process's ({pollSelf / phaseCpu.Self.TotalSeconds:P0})"));
        if (eventLatency.Count > 0)
            Console.WriteLine(
                $"    the sample's finalize start → enteredStage event time (host clock, no polling): " +
                $"{eventLatency}; the same tasks as seen by polling: {observedLatency}; seen " +
                $"after the event by {seenAfterEvent}");
        return new DocketOutcome(requests, moved, seenAfterEvent, throughput, lost, notInPool, sample.Count,
            sampledOnce, left + poisoned);
    }

    /// <summary>Tasks finalized and not yet seen in Review_1, in the order their 202s came back.</summary>
    sealed class Outstanding(int total, long repollAfterTicks)
    {
        readonly SortedSet<(long Order, int Task)> waiting = [];
        readonly long[] order = new long[total];
        readonly bool[] looking = new bool[total];
        long accepted;

        public void Accepted(int i)
        {
            lock (waiting)
            {
                order[i] = ++accepted;
                waiting.Add((order[i], i));
            }
        }

        /// <summary>
        /// Among the oldest <see cref="Frontier"/>, the first nobody is looking at and nobody looked at lately; null
        /// when none is due.
        /// </summary>
        public int? TakeDue(long now, long[] lastLook)
        {
            lock (waiting)
            {
                var position = 0;
                foreach (var (_, i) in waiting)
                {
                    if (position++ >= Frontier) break;
                    if (looking[i] || (lastLook[i] != 0 && now - lastLook[i] < repollAfterTicks)) continue;
                    looking[i] = true;
                    return i;
                }
                return null;
            }
        }

        public void Looked(int i, bool arrived)
        {
            lock (waiting)
            {
                looking[i] = false;
                if (arrived) waiting.Remove((order[i], i));
            }
        }
    }

    static bool InReview(DocketTask task) => task.StageName == Review && task.PendingMove is null;

    static string? StageOf(TaskEvent e) => e.Details.GetValueOrDefault("stage");

    static async Task<long> ApproximateCountAsync(QueueClient queue)
    {
        try
        {
            return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return 0;
        }
    }

    static Task WaitUntilAsync(Func<bool> done, string what) => WaitUntilAsync(() => Task.FromResult(done()), what);

    static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await done())
        {
            if (deadline.Elapsed > ArrivalDeadline)
                throw new TimeoutException(
                    $"The {what} did not all arrive within {ArrivalDeadline.TotalMinutes:0} minutes.");
            await Task.Delay(20);
        }
    }
}
