namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>
/// Polices who touches the bytes of guarded buffers (a harness's link buffers): while armed, only
/// the buffers of the frame being processed may be reached; any other access is recorded as a
/// violation naming the stage, the buffer and how it was reached.
/// </summary>
internal sealed class AccessGuard
{
    private readonly object _gate = new();
    private readonly HashSet<IDmaBuf> _guarded = [];
    private readonly List<string> _violations = [];
    private IDmaBuf? _allowedInput;
    private IDmaBuf? _allowedOutput;
    private string? _who;

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public void Guard(IDmaBuf buffer)
    {
        lock (_gate)
        {
            _guarded.Add(buffer);
        }
    }

    /// <summary>Stage code runs from now on: <paramref name="who"/> may reach only the given buffers.</summary>
    public void Arm(string who, IDmaBuf? input = null, IDmaBuf? output = null)
    {
        lock (_gate)
        {
            (_who, _allowedInput, _allowedOutput) = (who, input, output);
        }
    }

    /// <summary>The harness's own code runs from now on (filling inputs, reading outputs).</summary>
    public void Disarm()
    {
        lock (_gate)
        {
            (_who, _allowedInput, _allowedOutput) = (null, null, null);
        }
    }

    public void Check(IDmaBuf buffer, string how)
    {
        lock (_gate)
        {
            if (_who is null || !_guarded.Contains(buffer) || ReferenceEquals(buffer, _allowedInput) || ReferenceEquals(buffer, _allowedOutput))
            {
                return;
            }

            _violations.Add($"{_who} touched {buffer} through {how} outside the frame it was given");
        }
    }
}
