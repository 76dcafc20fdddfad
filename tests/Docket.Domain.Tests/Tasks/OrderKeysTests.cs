using Docket.Domain.Tasks;
using static Docket.Domain.Tests.Tasks.SampleTasks;

namespace Docket.Domain.Tests.Tasks;

/// <summary>
/// Keys are compared ordinally, as Table Storage compares RowKeys: the smallest key is the best task.
/// </summary>
public sealed class OrderKeysTests
{
    static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    static Priority? P(long billionths) => Priority.FromBillionths(billionths);

    static void AssertBefore(string better, string worse) =>
        Assert.True(string.CompareOrdinal(better, worse) < 0, $"expected '{better}' before '{worse}'");

    [Fact]
    public void Prioritised_tasks_come_before_unprioritised_ones_even_at_priority_zero_and_younger()
    {
        AssertBefore(OrderKeys.ByPriorityThenAge(P(0), T0.AddDays(30)), OrderKeys.ByPriorityThenAge(null, T0));
        AssertBefore(OrderKeys.ByPriorityThenAge(P(1), T0.AddDays(30)),
            OrderKeys.ByPriorityThenAge(null, T0.AddYears(-10)));
    }

    [Theory]
    [InlineData(1_000_000_000L, 999_999_999L)]
    [InlineData(950_000_000L, 500_000_000L)]
    [InlineData(123_456_789L, 123_456_788L)]
    [InlineData(1L, 0L)]
    public void Higher_priority_comes_first_whatever_the_age(long higher, long lower)
    {
        AssertBefore(OrderKeys.ByPriorityThenAge(P(higher), T0.AddDays(1)), OrderKeys.ByPriorityThenAge(P(lower), T0));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    [InlineData(500_000_000L)]
    [InlineData(1_000_000_000L)]
    public void At_equal_priority_the_task_queued_first_comes_first(long? billionths)
    {
        var priority = billionths is { } b ? Priority.FromBillionths(b) : (Priority?)null;

        AssertBefore(OrderKeys.ByPriorityThenAge(priority, T0), OrderKeys.ByPriorityThenAge(priority, T0.AddTicks(1)));
        AssertBefore(OrderKeys.ByPriorityThenAge(priority, T0.AddYears(-20)),
            OrderKeys.ByPriorityThenAge(priority, T0.AddYears(50)));
    }

    [Fact]
    public void The_same_instant_gives_the_same_key_whatever_the_offset()
    {
        var utc = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var paris = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(OrderKeys.ByPriorityThenAge(P(42), utc), OrderKeys.ByPriorityThenAge(P(42), paris));
    }

    [Fact]
    public void Keys_have_a_fixed_width_so_ordinal_order_is_numeric_order()
    {
        Assert.Equal($"00000000000|{T0.UtcTicks:D19}", OrderKeys.ByPriorityThenAge(P(1_000_000_000), T0));
        Assert.Equal($"01000000000|{T0.UtcTicks:D19}", OrderKeys.ByPriorityThenAge(P(0), T0));
        Assert.Equal($"10000000000|{T0.UtcTicks:D19}", OrderKeys.ByPriorityThenAge(null, T0));
        Assert.All(new[] { P(0), P(1), P(123_456_789), P(1_000_000_000), null },
            p => Assert.Equal(31, OrderKeys.ByPriorityThenAge(p, T0).Length));
    }

    [Fact]
    public void Sorting_a_pool_by_key_gives_the_product_order()
    {
        var pool = new (string Name, Priority? Priority, DateTimeOffset QueuedAt)[]
        {
            ("unprioritised-young", null, T0.AddHours(2)),
            ("low-old", P(100_000_000), T0),
            ("zero", P(0), T0),
            ("high-young", P(900_000_000), T0.AddHours(3)),
            ("unprioritised-old", null, T0),
            ("high-old", P(900_000_000), T0.AddHours(1)),
            ("top", P(1_000_000_000), T0.AddHours(5)),
        };

        var order = pool.OrderBy(t => OrderKeys.ByPriorityThenAge(t.Priority, t.QueuedAt), StringComparer.Ordinal)
            .Select(t => t.Name);

        Assert.Equal(
            ["top", "high-old", "high-young", "low-old", "zero", "unprioritised-old", "unprioritised-young"], order);
    }

    // ---- queue position ----

    static AnnotationTask Queued(string name, Priority? priority, DateTimeOffset queuedAt) =>
        HeldBy(Lena) with { TaskId = TaskIdentity.IdFor(name), Name = name, Priority = priority, QueuedAt = queuedAt };

    static AnnotationTask Skipped(string name, Priority? priority, DateTimeOffset queuedAt, DateTimeOffset skippedAt) =>
        Queued(name, priority, queuedAt) with { Status = AnnotationTaskStatus.Skipped, SkippedAt = skippedAt };

    [Theory]
    [InlineData(AnnotationTaskStatus.Assigned)]
    [InlineData(AnnotationTaskStatus.InProgress)]
    [InlineData(AnnotationTaskStatus.Staged)]
    public void Unskipped_tasks_are_placed_by_priority_then_age(AnnotationTaskStatus status)
    {
        var task = Queued("a", P(700_000_000), T0) with { Status = status };

        Assert.Equal("0|1" + OrderKeys.ByPriorityThenAge(P(700_000_000), T0)[1..], OrderKeys.QueuePosition(task));
    }

    [Fact]
    public void A_skipped_task_comes_after_every_other_task_however_high_its_priority()
    {
        var skipped = Skipped("urgent", P(1_000_000_000), T0.AddYears(-1), T0);
        var worst = Queued("worst", null, T0.AddYears(1));

        AssertBefore(OrderKeys.QueuePosition(worst), OrderKeys.QueuePosition(skipped));
    }

    [Fact]
    public void Skipped_tasks_come_back_in_the_order_they_were_skipped()
    {
        var firstSkipped = Skipped("first", null, T0.AddHours(5), T0.AddDays(1));
        var secondSkipped = Skipped("second", P(1_000_000_000), T0, T0.AddDays(1).AddTicks(1));

        AssertBefore(OrderKeys.QueuePosition(firstSkipped), OrderKeys.QueuePosition(secondSkipped));
    }

    [Fact]
    public void Sorting_a_queue_by_position_gives_the_product_order()
    {
        var queue = new[]
        {
            Skipped("skipped-second", P(1_000_000_000), T0, T0.AddDays(2)),
            Queued("plain-young", null, T0.AddHours(2)),
            Skipped("skipped-first", null, T0.AddHours(9), T0.AddDays(1)),
            Queued("high", P(800_000_000), T0.AddHours(4)) with { Status = AnnotationTaskStatus.InProgress },
            Queued("plain-old", null, T0),
            Queued("low", P(0), T0.AddHours(8)) with { Status = AnnotationTaskStatus.Staged },
        };

        var order = queue.OrderBy(t => OrderKeys.QueuePosition(t) + "|" + t.TaskId, StringComparer.Ordinal)
            .Select(t => t.Name);

        Assert.Equal(["high", "low", "plain-old", "plain-young", "skipped-first", "skipped-second"], order);
    }

    [Fact]
    public void A_task_saved_after_a_skip_returns_to_its_priority_place()
    {
        var skipped = Accepted(TaskTransitions.Skip(Queued("a", P(900_000_000), T0), Lena, T0.AddDays(1)));
        var saved = Accepted(TaskTransitions.Save(skipped, Lena, T0.AddDays(2)));

        Assert.StartsWith("1|", OrderKeys.QueuePosition(skipped));
        Assert.Equal("0|1" + OrderKeys.ByPriorityThenAge(P(900_000_000), T0)[1..], OrderKeys.QueuePosition(saved));
    }

    [Fact]
    public void Explicitly_assigned_work_comes_before_pool_work_of_the_same_prioritisation_whatever_the_priority()
    {
        var queue = new[]
        {
            Queued("pool-unprioritised-old", null, T0) with { AssignedBy = AssignedBy.Auto },
            Queued("pool-high", P(900_000_000), T0.AddHours(1)) with { AssignedBy = AssignedBy.Auto },
            Queued("manual-unprioritised", null, T0.AddHours(3)) with { AssignedBy = AssignedBy.Manual },
            Queued("preassigned-low", P(300_000_000), T0.AddHours(2)) with { AssignedBy = AssignedBy.PreAssign },
            Queued("rejected-mid", P(500_000_000), T0.AddHours(4)) with { AssignedBy = AssignedBy.Reject },
            Skipped("skipped-manual-top", P(1_000_000_000), T0, T0.AddDays(1)) with { AssignedBy = AssignedBy.Manual },
        };

        var order = queue.OrderBy(t => OrderKeys.QueuePosition(t) + "|" + t.TaskId, StringComparer.Ordinal)
            .Select(t => t.Name);

        Assert.Equal(["rejected-mid", "preassigned-low", "pool-high", "manual-unprioritised", "pool-unprioritised-old",
            "skipped-manual-top"], order);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    [InlineData(123_456_789L)]
    [InlineData(1_000_000_000L)]
    public void A_claim_takes_the_queue_position_the_claimed_task_has(long? billionths)
    {
        var priority = billionths is { } b ? Priority.FromBillionths(b) : (Priority?)null;
        var claimed = Queued("claimed", priority, T0.AddMinutes(7)) with { AssignedBy = AssignedBy.Auto };

        Assert.Equal(OrderKeys.QueuePosition(claimed),
            OrderKeys.QueuePositionOfClaim(OrderKeys.ByPriorityThenAge(priority, claimed.QueuedAt)));
    }
}
