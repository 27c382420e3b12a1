namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>How a link's buffers go at the end of a run, whatever state a failure left them in.</summary>
internal static class LinkTeardown
{
    /// <summary>Unmaps <paramref name="mapping"/> (cleared) and detaches <paramref name="attachment"/> if still attached.</summary>
    public static void Release(ref DmaBufMapping? mapping, DmaBufAttachment? attachment)
    {
        try
        {
            mapping?.Unmap();
            if (attachment is { IsAttached: true } attached)
            {
                attached.Detach();
            }
        }
        catch (DmaBufException)
        {
            // The buffer goes away all the same; the core reports what it could not undo as a leak.
        }

        mapping = null;
    }

    /// <summary>Drops the link's reference to <paramref name="buffer"/> unless it is gone already.</summary>
    public static void Drop(IDmaBuf buffer)
    {
        if (!buffer.IsReleased)
        {
            buffer.Put();
        }
    }
}
