using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Docket.Domain.Events;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.Webhooks;
using Docket.LocalHost.Azurite;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Docket.Functions.Tests.Faults;

/// <summary>
/// A mixed workload — uploads with preAssign, labelers, reviewers, an admin assigning, prioritising, moving,
/// resolving and rebalancing — against two fault-host processes that fail ~5% of storage calls (refused, cut
/// off, reply lost, delayed), one of them killed and restarted mid-run. Then the faults stop, the stage moves
/// drain, and the consistency check is the oracle: no task lost, none held twice, none stranded, every task's
/// events coherent. A webhook and the event feed watch the run: every committed change's events are in the feed
/// exactly once, none that no change committed, and each reaches the webhook at least once. Answers a race explains (404, 409, …) are expected; a 500 fails the run. A failing run
/// prints its seed: DOCKET_CHAOS_SEED replays it (the faults follow the seed; the interleaving varies).
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    const string SeedVariable = "DOCKET_CHAOS_SEED";
    const double FaultRate = 0.05;
    const int TaskCount = 240;
    const int Labelers = 16;
    const int Reviewers = 3;
    static readonly TimeSpan Workload = TimeSpan.FromSeconds(16);
    static readonly TimeSpan CrashAfter = TimeSpan.FromSeconds(7);
    static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1101)]
    [InlineData(2203)]
    [InlineData(4409)]
    public async Task A_mixed_workload_under_storage_faults_and_a_crash_leaves_every_task_in_one_place(int caseSeed)
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } replay
            ? int.Parse(replay, CultureInfo.InvariantCulture)
            : caseSeed;
        output.WriteLine($"Chaos seed {seed} ({SeedVariable}={seed} replays it)");
        var run = new ChaosRun(seed, output);
        try
        {
            await run.ExecuteAsync();
        }
        catch (Exception exception)
        {
            throw new XunitException($"Chaos run with seed {seed} failed; replay it with {SeedVariable}={seed}.\n" +
                                     $"{exception}\n{run.HostOutput}");
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    sealed record Person(string Email, string Key, ChaosHost Host);

    /// <summary>One run: its hosts, its people, what went wrong.</summary>
    sealed class ChaosRun(int seed, ITestOutputHelper output) : IAsyncDisposable
    {
        static readonly HttpStatusCode[] NextAnswers = [HttpStatusCode.OK, HttpStatusCode.NoContent];
        static readonly HttpStatusCode[] BulkAnswers = [HttpStatusCode.OK, HttpStatusCode.MultiStatus];

        readonly string projectId = Scenario.UniqueId("chaos");
        readonly ConcurrentQueue<string> failures = new();
        readonly ConcurrentDictionary<string, int> answers = new();
        readonly List<Person> labelers = [];
        readonly List<Person> reviewers = [];
        readonly List<string> taskIds = [];

        /// <summary>
        /// Each task's stage moves the workload saw accepted (finalize 202, an admin's move "changed"), with when the
        /// answer came, and the tasks a stage-changing request of which got no answer (its outcome unknown).
        /// </summary>
        readonly ConcurrentDictionary<string, ConcurrentQueue<(TimeSpan Asked, TimeSpan At, string Stage)>>
            decisions = new();
        readonly ConcurrentDictionary<string, bool> unknownOutcome = new();
        readonly Stopwatch clock = Stopwatch.StartNew();
        readonly WebhookReceiver receiver = new();
        string? webhookId;
        AzuriteProcess? azurite;
        ChaosHost[] hosts = [];

        string Api => $"api/projects/{projectId}";

        public string HostOutput => string.Join("\n", hosts.Select((h, i) => $"--- host {i} ---\n{h.Output}"));

        void Log(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {what}");

        public async Task ExecuteAsync()
        {
            // An Azurite of its own: the run's webhook is dispatched by every host on its Azurite, and each pass
            // reads the feed with range queries that Azurite answers by scanning the whole table; on the run's shared
            // Azurite that slowed every other test's storage calls.
            azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
            var storage = azurite.ConnectionString;
            var settings = new Dictionary<string, string>
            {
                // The run sweeps its own project's moves (through rebalance); timers would sweep every test's projects.
                ["Docket__SweepSchedule"] = "0 0 */6 * * *",
                ["Docket__RebalanceSchedule"] = "0 0 */6 * * *",
                ["Docket__StageMoves__PendingMoveAge"] = "00:00:03",
                // The feed's settle time, as for the test hosts (which verify against these hosts' writes).
                ["Docket__Events__FeedSettle"] = "00:00:12",
                ["Docket__Webhooks__EventsPerPass"] = "1000",
            };
            hosts = await Task.WhenAll(Enumerable.Range(0, 2)
                .Select(i => ChaosHost.StartAsync(storage, Faults(seed + i), settings)));
            await Task.WhenAll(hosts.Select(h => h.SetFaultsAsync(false)));
            await SetUpAsync();
            Log("hosts started, project and people set up");

            await Task.WhenAll(hosts.Select(h => h.SetFaultsAsync(true)));
            await RunWorkloadAsync();
            Log($"workload done; answers {string.Join(", ", answers.OrderBy(a => a.Key))}");
            await Task.WhenAll(hosts.Select(h => h.SetFaultsAsync(false)));
            await AssertTheRunWasRealAsync();

            var report = await DrainAsync();
            Log("stage moves drained");
            Assert.True(failures.IsEmpty, $"{failures.Count} requests failed:\n{string.Join("\n", failures.Take(20))}");
            await VerifyAsync(report);
            Log("verified");
            await VerifyEventsAsync();
            Log("events verified");
        }

        /// <summary>
        /// The run tested what it claims: faults of every kind fired, the kill cut requests off in flight, and a good
        /// share of the work was done.
        /// </summary>
        async Task AssertTheRunWasRealAsync()
        {
            var injected = new Dictionary<string, int>();
            foreach (var host in hosts)
                foreach (var (kind, count) in await host.InjectedFaultsAsync())
                    injected[kind] = injected.GetValueOrDefault(kind) + count;
            Log($"faults injected: {string.Join(", ", injected.OrderBy(i => i.Key))}");
            foreach (var kind in Enum.GetNames<StorageFault>())
                Assert.True(injected.GetValueOrDefault(kind) > 0, $"no {kind} fault was injected");
            Assert.True(answers.GetValueOrDefault("cut off") > 0, "the kill cut off no request in flight");
            var moved = decisions.Values.Sum(d => d.Count);
            Assert.True(moved >= 20, $"only {moved} stage moves were accepted");
        }

        /// <param name="asked">When the request that decided the move was sent: two moves of one task whose requests
        /// overlapped committed in an order their answers do not tell.</param>
        void Decided(string taskId, string stage, TimeSpan asked) =>
            decisions.GetOrAdd(taskId, _ => new()).Enqueue((asked, clock.Elapsed, stage));

        /// <summary>
        /// Whether the task's last accepted move overlapped another to a different stage (its request was sent before
        /// the other's answer came): which of them committed last is then not known.
        /// </summary>
        bool RacedMoves(string taskId)
        {
            if (!decisions.TryGetValue(taskId, out var made) || made.IsEmpty) return false;
            var last = made.MaxBy(d => d.At);
            return made.Any(d => d != last && d.Stage != last.Stage && d.At > last.Asked);
        }

        FaultSettings Faults(int faultSeed) => new(faultSeed, FaultRate, Enum.GetValues<StorageFault>());

        Person Admin(ChaosHost host) => new(DocketHost.AdminEmail, DocketHost.AdminKey, host);

        async Task SetUpAsync()
        {
            var admin = Admin(hosts[0]);
            await ExpectAsync(admin, HttpMethod.Post, "api/projects", HttpStatusCode.Created,
                new { projectId, name = "Chaos " + seed, reviewStages = 1, queueSize = 3 });
            for (var i = 0; i < Labelers + Reviewers; i++)
            {
                var isLabeler = i < Labelers;
                var email = Scenario.UniqueEmail(isLabeler ? "labeler" : "reviewer");
                await ExpectAsync(admin, HttpMethod.Put, $"api/users/{email}", HttpStatusCode.Created,
                    new { orgRole = "Member" });
                var key = await ExpectAsync(admin, HttpMethod.Post, $"api/users/{email}/keys", HttpStatusCode.Created);
                await ExpectAsync(admin, HttpMethod.Put, $"{Api}/members/{email}", HttpStatusCode.Created,
                    new { role = "Member", stages = new[] { isLabeler ? "Label" : "Review_1" } });
                var person = new Person(email, key["key"]!.GetValue<string>(), hosts[i % hosts.Length]);
                (isLabeler ? labelers : reviewers).Add(person);
            }
            webhookId = (await ExpectAsync(admin, HttpMethod.Post, $"{Api}/webhooks", HttpStatusCode.Created,
                new { url = receiver.Url(projectId), events = new[] { "*" } }))["webhookId"]!.GetValue<string>();
        }

        async Task RunWorkloadAsync()
        {
            var random = new Random(seed);
            var entries = Enumerable.Range(0, TaskCount).Select(i => Entry(i, random)).ToList();
            await UploadAsync(entries[..(TaskCount / 2)]);

            using var stop = new CancellationTokenSource(Workload);
            var workers = new List<Task>
            {
                UploadAsync(entries[(TaskCount / 2)..]),
                AdminAsync(new Random(seed * 100 + 99), stop.Token),
                CrashAsync(),
            };
            workers.AddRange(labelers.Select((p, i) => LabelerAsync(p, new Random(seed * 100 + i), stop.Token)));
            workers.AddRange(reviewers.Select((p, i) =>
                ReviewerAsync(p, new Random(seed * 100 + Labelers + i), stop.Token)));
            await Task.WhenAll(workers);
        }

        object Entry(int index, Random random)
        {
            var priority = random.Next(3) == 0 ? null
                : (random.Next(1, 1000) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
            var preAssign = new Dictionary<string, string>();
            if (random.Next(4) == 0) preAssign["Label"] = labelers[random.Next(labelers.Count)].Email;
            if (random.Next(3) == 0) preAssign["Review_1"] = reviewers[random.Next(reviewers.Count)].Email;
            return Items.Entry($"chaos-{index:D4}", priority, preAssign.Count == 0 ? null : preAssign);
        }

        async Task UploadAsync(IReadOnlyList<object> entries)
        {
            var created = await ExpectAsync(Admin(hosts[0]), HttpMethod.Post, $"{Api}/items", HttpStatusCode.OK,
                Items.File(entries));
            var ids = created["created"]!.AsArray().Concat(created["existing"]!.AsArray())
                .Select(t => t!["taskId"]!.GetValue<string>());
            lock (taskIds) taskIds.AddRange(ids);
        }

        string RandomTask(Random random)
        {
            lock (taskIds) return taskIds[random.Next(taskIds.Count)];
        }

        async Task CrashAsync()
        {
            await Task.Delay(CrashAfter);
            Log("killing host 1");
            await hosts[1].CrashAndRestartAsync(Faults(seed + 2));
            Log("host 1 restarted");
        }

        async Task LabelerAsync(Person me, Random random, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                if (await NextAsync(me, "Label") is not { } taskId) continue;
                (string? Action, object? Body, HttpStatusCode Success) choice = random.Next(100) switch
                {
                    < 35 => ("finalize", null, HttpStatusCode.Accepted),
                    < 60 => ("save", null, HttpStatusCode.OK),
                    < 70 => ("submit", null, HttpStatusCode.OK),
                    < 85 => ("skip", null, HttpStatusCode.OK),
                    < 90 => ("issue", new { comment = "cannot read it" }, HttpStatusCode.OK),
                    _ => (null, null, HttpStatusCode.OK), // looks at it and asks again
                };
                if (choice.Action is null) continue;
                var asked = clock.Elapsed;
                var answer = await CallAsync(me, HttpMethod.Post, $"{Api}/tasks/{taskId}/{choice.Action}",
                    choice.Body, [choice.Success], RacedOnTask);
                if (choice.Action != "finalize") continue;
                if (answer is null) unknownOutcome[taskId] = true;
                else if (answer.Value.Status == HttpStatusCode.Accepted) Decided(taskId, "Review_1", asked);
            }
        }

        async Task ReviewerAsync(Person me, Random random, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                if (await NextAsync(me, "Review_1") is not { } taskId) continue;
                var review = random.Next(4) == 0 ? "reject" : "accept";
                var asked = clock.Elapsed;
                var answer = await CallAsync(me, HttpMethod.Post, $"{Api}/tasks/{taskId}/finalize", new { review },
                    [HttpStatusCode.Accepted], RacedOnTask);
                if (answer is null) unknownOutcome[taskId] = true;
                else if (answer.Value.Status == HttpStatusCode.Accepted)
                    Decided(taskId, review == "accept" ? "Ground Truth" : "Label", asked);
            }
        }

        /// <summary>The head of the person's queue, or null (after a pause) when there is none.</summary>
        async Task<string?> NextAsync(Person me, string stage)
        {
            var next = await CallAsync(me, HttpMethod.Post, $"{Api}/stages/{stage}/next", null, NextAnswers);
            if (next is { Status: HttpStatusCode.OK })
                return JsonNode.Parse(next.Value.Body)!["taskId"]!.GetValue<string>();
            await Task.Delay(100);
            return null;
        }

        async Task AdminAsync(Random random, CancellationToken stop)
        {
            string[] stages = ["Label", "Review_1", "Ground Truth"];
            while (!stop.IsCancellationRequested)
            {
                var admin = Admin(hosts[random.Next(hosts.Length)]);
                var taskId = RandomTask(random);
                switch (random.Next(100))
                {
                    case < 20:
                        await AssignAsync(admin, taskId, random);
                        break;
                    case < 35:
                        await CallAsync(admin, HttpMethod.Post, $"{Api}/tasks/assign",
                            new { taskIds = new[] { taskId } }, BulkAnswers, RacedOnStage);
                        break;
                    case < 55:
                        var changes = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomTask(random)).Distinct()
                            .Select(id => new { taskId = id, priority = RandomPriority(random) }).ToArray();
                        await CallAsync(admin, HttpMethod.Post, $"{Api}/tasks/priority", new { tasks = changes },
                            BulkAnswers);
                        break;
                    case < 70:
                        var target = stages[random.Next(stages.Length)];
                        var asked = clock.Elapsed;
                        var moved = await CallAsync(admin, HttpMethod.Post, $"{Api}/tasks/move",
                            new { taskIds = new[] { taskId }, stageName = target },
                            [HttpStatusCode.Accepted, HttpStatusCode.MultiStatus], RacedOnStage);
                        if (moved is null) unknownOutcome[taskId] = true;
                        else if (moved.Value.Status is HttpStatusCode.Accepted or HttpStatusCode.MultiStatus)
                        {
                            var outcome = JsonNode.Parse(moved.Value.Body)![0]!["outcome"]!.GetValue<string>();
                            if (outcome == "changed") Decided(taskId, target, asked);
                            else if (outcome == "failed") unknownOutcome[taskId] = true;
                        }
                        break;
                    case < 85:
                        await ResolveIssuesAsync(admin);
                        break;
                    default:
                        await CallAsync(admin, HttpMethod.Post, $"{Api}/rebalance", null, [HttpStatusCode.OK]);
                        break;
                }
                await Task.Delay(random.Next(20, 120));
            }
        }

        static double? RandomPriority(Random random) => random.Next(4) == 0 ? null : random.Next(1001) / 1000.0;

        /// <summary>Assigns a task to someone who works in its stage (as read just before).</summary>
        async Task AssignAsync(Person admin, string taskId, Random random)
        {
            var read = await CallAsync(admin, HttpMethod.Get, $"{Api}/tasks/{taskId}", null, [HttpStatusCode.OK]);
            if (read is not { Status: HttpStatusCode.OK }) return;
            var people = JsonNode.Parse(read.Value.Body)!["stageName"]!.GetValue<string>() switch
            {
                "Label" => labelers,
                "Review_1" => reviewers,
                _ => null,
            };
            if (people is null) return;
            var email = people[random.Next(people.Count)].Email;
            await CallAsync(admin, HttpMethod.Post, $"{Api}/tasks/assign", new { taskIds = new[] { taskId }, email },
                BulkAnswers, RacedOnStage);
        }

        async Task ResolveIssuesAsync(Person admin)
        {
            var issues = await CallAsync(admin, HttpMethod.Get, $"{Api}/tasks?search=ISSUES&limit=5", null,
                [HttpStatusCode.OK]);
            if (issues is not { Status: HttpStatusCode.OK }) return;
            foreach (var issue in JsonNode.Parse(issues.Value.Body)!["tasks"]!.AsArray())
            {
                var taskId = issue!["taskId"]!.GetValue<string>();
                await CallAsync(admin, HttpMethod.Post, $"{Api}/tasks/{taskId}/resolve", null, [HttpStatusCode.OK],
                    RacedOnTask);
            }
        }

        /// <summary>Someone changed the task first: it moved on, was reassigned, or is in another state.</summary>
        static bool RacedOnTask(HttpStatusCode status, string body) =>
            status is HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.Forbidden;

        /// <summary>Validation reads the task's current stage, which a concurrent move may have changed.</summary>
        static bool RacedOnStage(HttpStatusCode status, string body) =>
            status == HttpStatusCode.BadRequest && JsonNode.Parse(body)!["errors"]!.AsArray()
                .Select(e => e!["message"]!.GetValue<string>())
                .All(m => m.Contains("Ground Truth") || m.Contains("no access to stage") ||
                          m.Contains("already moving"));

        /// <summary>
        /// Sends a request of the workload: an expected answer, or one <paramref name="raced"/> explains, passes;
        /// anything else (a 500 above all) is recorded as a failure of the run. Null when a crash cut it off.
        /// </summary>
        async Task<(HttpStatusCode Status, string Body)?> CallAsync(Person caller, HttpMethod method, string path,
            object? body, HttpStatusCode[] expected, Func<HttpStatusCode, string, bool>? raced = null)
        {
            try
            {
                var answer = await caller.Host.SendAsync(caller.Key, method, path, body);
                var word = answer is { } given ? ((int)given.Status).ToString(CultureInfo.InvariantCulture) : "cut off";
                answers.AddOrUpdate(word, 1, (_, n) => n + 1);
                if (answer is { } a && !expected.Contains(a.Status) && raced?.Invoke(a.Status, a.Body) != true)
                    failures.Enqueue($"{caller.Email} {method} {path}: {(int)a.Status} {a.Body}");
                return answer;
            }
            catch (Exception exception)
            {
                failures.Enqueue($"{caller.Email} {method} {path}: {exception.GetType().Name}: {exception.Message}");
                return null;
            }
        }

        async Task<JsonNode> ExpectAsync(Person caller, HttpMethod method, string path, HttpStatusCode expected,
            object? body = null)
        {
            var answer = await caller.Host.SendAsync(caller.Key, method, path, body)
                         ?? throw new InvalidOperationException($"{method} {path}: the host was killed under it");
            Assert.True(answer.Status == expected,
                $"{method} {path}: expected {(int)expected}, got {(int)answer.Status}: {answer.Body}");
            return answer.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(answer.Body)!;
        }

        /// <summary>Lets the stage moves finish (rebalancing re-sends lost messages); returns the last check.</summary>
        async Task<JsonNode> DrainAsync()
        {
            var admin = Admin(hosts[0]);
            var deadline = DateTime.UtcNow + DrainWithin;
            while (true)
            {
                var report = await ExpectAsync(admin, HttpMethod.Get, $"{Api}/check", HttpStatusCode.OK);
                if (report["pendingMoves"]!.GetValue<int>() == 0) return report;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Moves still pending after {DrainWithin}: {report.ToJsonString()}");
                await ExpectAsync(admin, HttpMethod.Post, $"{Api}/rebalance", HttpStatusCode.OK);
                await Task.Delay(500);
            }
        }

        async Task VerifyAsync(JsonNode report)
        {
            Assert.True(report["problems"]!.AsArray().Count == 0, $"The check found problems: {report.ToJsonString()}");
            List<string> ids;
            lock (taskIds) ids = taskIds.Distinct().ToList();
            Assert.Equal(TaskCount, ids.Count);
            Assert.Equal(TaskCount, report["tasks"]!.GetValue<int>());
            var counts = report["counts"]!.AsArray()
                .Select(c => (Stage: c!["stage"]!.GetValue<string>(), Status: c["status"]!.GetValue<string>(),
                    Tasks: c["tasks"]!.GetValue<int>()))
                .ToList();
            Assert.Equal(TaskCount, counts.Sum(c => c.Tasks));
            // Nothing stranded: Ground Truth holds only completed tasks, and completed tasks are only there.
            Assert.All(counts, c => Assert.True(c.Stage == "Ground Truth" == (c.Status == "COMPLETED"),
                $"{c.Tasks} tasks {c.Status} in {c.Stage}"));

            // Every held task is in exactly one person's queue.
            var held = counts.Where(c => c.Status is "ASSIGNED" or "IN_PROGRESS" or "STAGED" or "SKIPPED")
                .Sum(c => c.Tasks);
            var queued = new List<string>();
            var people = labelers.Select(p => (Person: p, Stage: "Label"))
                .Concat(reviewers.Select(p => (Person: p, Stage: "Review_1")));
            foreach (var (person, stage) in people)
            {
                var queue = await ExpectAsync(person with { Host = hosts[0] }, HttpMethod.Get,
                    $"{Api}/stages/{stage}/queue", HttpStatusCode.OK);
                queued.AddRange(queue["tasks"]!.AsArray().Select(t => t!["taskId"]!.GetValue<string>()));
            }
            Assert.Equal(queued.Count, queued.Distinct().Count());
            Assert.Equal(held, queued.Count);

            // Every task is in the stage the last move the workload saw accepted sent it to (Label when none was):
            // no accepted finalization lost, and no task anywhere the workload did not send it. Tasks a move of which
            // got no answer are left out: their outcome is not known.
            var admin = Admin(hosts[0]);
            var wrong = new List<string>();
            var known = ids.Where(id => !unknownOutcome.ContainsKey(id) && !RacedMoves(id)).ToList();
            foreach (var taskId in known)
            {
                var task = await ExpectAsync(admin, HttpMethod.Get, $"{Api}/tasks/{taskId}", HttpStatusCode.OK);
                var expected = decisions.TryGetValue(taskId, out var made) && !made.IsEmpty
                    ? made.MaxBy(d => d.At).Stage
                    : "Label";
                var stage = task["stageName"]!.GetValue<string>();
                if (stage != expected) wrong.Add($"{taskId}: in {stage}, last accepted move to {expected}");
            }
            Log($"{known.Count} tasks' stages checked against the accepted moves ({unknownOutcome.Count} unknown)");
            Assert.True(known.Count >= TaskCount / 2, $"only {known.Count} tasks' outcomes are known");
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));

            // Every task's trail opens with its creation and runs forward in time (one task in eight is read).
            foreach (var taskId in ids.Order(StringComparer.Ordinal).Where((_, i) => i % 8 == 0))
            {
                var trail = await ExpectAsync(admin, HttpMethod.Get, $"{Api}/tasks/{taskId}/events", HttpStatusCode.OK);
                var events = trail.AsArray();
                Assert.Equal("created", events[0]!["type"]!.GetValue<string>());
                var times = events.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
                Assert.True(times.Zip(times.Skip(1)).All(p => p.First <= p.Second),
                    $"Events of {taskId} out of order: {events.ToJsonString()}");
            }
        }

        /// <summary>
        /// The feed, read whole once it has settled past the last change, against each task's audit trail (written in
        /// the same batches): the same events, each once. Then the webhook: every event of the feed arrives, and
        /// nothing else does.
        /// </summary>
        async Task VerifyEventsAsync()
        {
            var admin = Admin(hosts[0]);
            await Task.Delay(TimeSpan.FromSeconds(14)); // the settle time, and a little more
            var feed = new List<JsonNode>();
            string? cursor = null;
            while (true)
            {
                var page = await ExpectAsync(admin, HttpMethod.Get,
                    $"{Api}/events?limit=500" + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}"),
                    HttpStatusCode.OK);
                var events = page["events"]!.AsArray();
                feed.AddRange(events.Select(e => e!));
                cursor = page["nextCursor"]!.GetValue<string>();
                if (events.Count == 0) break;
            }
            var ids = feed.Select(e => e["id"]!.GetValue<string>()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());

            List<string> tasks;
            lock (taskIds) tasks = taskIds.Distinct().ToList();
            var differ = new List<string>();
            foreach (var taskId in tasks)
            {
                var trail = (await ExpectAsync(admin, HttpMethod.Get, $"{Api}/tasks/{taskId}/events",
                    HttpStatusCode.OK)).AsArray().Select(e => new Domain.Tasks.TaskEvent(
                    e!["type"]!.GetValue<string>(), "", null, default, new Dictionary<string, string?>())).ToList();
                var expected = TaskOutboundEvents.OfCreation(trail).Select(e => e.Type).Order().ToList();
                var found = feed.Where(e => e["data"]!["taskId"]?.GetValue<string>() == taskId
                        && e["type"]!.GetValue<string>() != OutboundEventTypes.MoveStuck)
                    .Select(e => e["type"]!.GetValue<string>()).Order().ToList();
                if (!expected.SequenceEqual(found))
                    differ.Add($"{taskId}: trail says [{string.Join(", ", expected)}], feed [{string.Join(", ", found)}]");
            }
            Log($"{feed.Count} events in the feed match {tasks.Count} tasks' trails");
            Assert.True(differ.Count == 0, string.Join("\n", differ.Take(20)));

            IReadOnlyList<Webhooks.ReceivedCall> delivered;
            try
            {
                delivered = await receiver.WaitForAsync(projectId,
                    calls => ids.ToHashSet().IsSubsetOf(calls.Select(c => c.Id)), "every event of the feed",
                    TimeSpan.FromSeconds(180));
            }
            catch (TimeoutException timeout)
            {
                // What the webhook's delivery log says explains a miss: never recorded, or attempted and failing.
                var log = await ExpectAsync(admin, HttpMethod.Get, $"{Api}/webhooks/{webhookId}/deliveries?limit=20",
                    HttpStatusCode.OK);
                var webhook = await ExpectAsync(admin, HttpMethod.Get, $"{Api}/webhooks/{webhookId}",
                    HttpStatusCode.OK);
                throw new TimeoutException($"{timeout.Message}\nwebhook: {webhook.ToJsonString()}\n" +
                                           $"latest deliveries: {log.ToJsonString()}");
            }
            Assert.Empty(delivered.Select(c => c.Id).Except(ids));
            Log($"{delivered.Count} deliveries of {ids.Count} events");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in hosts) await host.DisposeAsync();
            await receiver.DisposeAsync();
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }
}
