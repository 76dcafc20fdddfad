using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>What the sample functions saw, for the local host's own tests.</summary>
public sealed class SampleRecorder
{
    public ConcurrentQueue<string> QueueMessages { get; } = new();
    public ConcurrentQueue<TimeSpan> QueueLeases { get; } = new();
    public ConcurrentQueue<string> FailingAttempts { get; } = new();
    public ConcurrentQueue<string> HeldStarted { get; } = new();
    public ConcurrentQueue<string> Cancelled { get; } = new();
    public ConcurrentQueue<DateTime> TimerRuns { get; } = new();

    /// <summary>The occurrence each run of Tick was for (the schedule's next occurrence it was told).</summary>
    public ConcurrentQueue<DateTime> TimerOccurrences { get; } = new();

    /// <summary>Shared by the recorders of several instances, so that runs overlapping across them are seen.</summary>
    public TimerGate Timers { get; init; } = new();
    public ConcurrentQueue<bool> MonitoredRuns { get; } = new();
    public ConcurrentQueue<string> Blobs { get; } = new();
    public ConcurrentQueue<string> GridBlobs { get; } = new();
    public ConcurrentQueue<string> FailingBlobAttempts { get; } = new();

    /// <summary>When true, HoldWork keeps each message until the host stops.</summary>
    public bool HoldWork { get; init; }

    /// <summary>How long each grid blob runs.</summary>
    public TimeSpan GridBlobDuration { get; init; } = TimeSpan.Zero;

    public int GridBlobsRunning;
    public int GridBlobsMostAtOnce;
}

/// <summary>Counts timer runs in progress, across every instance that shares it.</summary>
public sealed class TimerGate
{
    public int Running;
    public int Overlaps;
}

/// <summary>Functions written exactly as for the Functions worker; the local host must run them unchanged.</summary>
public sealed class SampleFunctions(SampleRecorder recorder)
{
    public const string WorkQueue = "sample-work";
    public const string FailingQueue = "sample-failing";
    public const string HeldQueue = "sample-held";
    public const string SleepyQueue = "sample-sleepy";
    public const string DropContainer = "sample-drops";
    public const string GridContainerSetting = "Sample:GridContainer";
    public const string FailingGridContainer = "sample-grid-failing";
    public const string MonitoredScheduleSetting = "Sample:MonitoredSchedule";

    [Function(nameof(Greet))]
    public async Task<IResult> Greet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greetings/{name}/{times:int}")] HttpRequest request,
        string name, int times, CancellationToken cancellationToken)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(cancellationToken);
        return Results.Json(new { greeting = string.Concat(Enumerable.Repeat($"hello {name} ", times)).Trim(), body },
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Sleeps until its token is cancelled (by functionTimeout), and notes that it was.</summary>
    [Function(nameof(Sleep))]
    public async Task<IResult> Sleep(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sleep/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        await SleepUntilCancelledAsync(id, cancellationToken);
        return Results.Ok();
    }

    [Function(nameof(RecordWork))]
    public void RecordWork([QueueTrigger(WorkQueue)] QueueMessage message)
    {
        recorder.QueueLeases.Enqueue(message.NextVisibleOn!.Value - DateTimeOffset.UtcNow);
        recorder.QueueMessages.Enqueue(message.Body.ToString());
    }

    [Function(nameof(AlwaysFail))]
    public void AlwaysFail([QueueTrigger(FailingQueue)] string message)
    {
        recorder.FailingAttempts.Enqueue(message);
        throw new InvalidOperationException("this function always fails");
    }

    [Function(nameof(HoldWork))]
    public async Task HoldWork([QueueTrigger(HeldQueue)] string message, CancellationToken cancellationToken)
    {
        recorder.HeldStarted.Enqueue(message);
        if (recorder.HoldWork)
            await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    [Function(nameof(SleepOnMessage))]
    public Task SleepOnMessage([QueueTrigger(SleepyQueue)] string message, CancellationToken cancellationToken) =>
        SleepUntilCancelledAsync(message, cancellationToken);

    [Function(nameof(Tick))]
    public async Task Tick([TimerTrigger("%Sample:TickSchedule%")] TimerInfo timer)
    {
        if (Interlocked.Increment(ref recorder.Timers.Running) > 1) Interlocked.Increment(ref recorder.Timers.Overlaps);
        recorder.TimerRuns.Enqueue(DateTime.UtcNow);
        recorder.TimerOccurrences.Enqueue(timer.ScheduleStatus!.Next);
        await Task.Delay(1500); // longer than the schedule's period: runs must still not overlap
        Interlocked.Decrement(ref recorder.Timers.Running);
    }

    [Function(nameof(Monitored))]
    public void Monitored([TimerTrigger("%" + MonitoredScheduleSetting + "%")] TimerInfo timer) =>
        recorder.MonitoredRuns.Enqueue(timer.IsPastDue);

    [Function(nameof(OnDrop))]
    public void OnDrop([BlobTrigger(DropContainer + "/{folder}/{file}")] string content, string folder, string file) =>
        recorder.Blobs.Enqueue($"{folder}|{file}|{content}");

    [Function(nameof(OnGridDrop))]
    public async Task OnGridDrop(
        [BlobTrigger("%" + GridContainerSetting + "%/{name}", Source = BlobTriggerSource.EventGrid)] string content,
        string name)
    {
        var running = Interlocked.Increment(ref recorder.GridBlobsRunning);
        InterlockedMax(ref recorder.GridBlobsMostAtOnce, running);
        await Task.Delay(recorder.GridBlobDuration);
        recorder.GridBlobs.Enqueue($"{name}|{content}");
        Interlocked.Decrement(ref recorder.GridBlobsRunning);
    }

    [Function(nameof(OnFailingGridDrop))]
    public void OnFailingGridDrop(
        [BlobTrigger(FailingGridContainer + "/{name}", Source = BlobTriggerSource.EventGrid)] string content,
        string name)
    {
        recorder.FailingBlobAttempts.Enqueue(name);
        throw new InvalidOperationException("this blob function always fails");
    }

    async Task SleepUntilCancelledAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            recorder.Cancelled.Enqueue(id);
            throw;
        }
    }

    static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
