<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CommandLine</name>
    <message numerus="yes">
        <location filename="../../app/cli/commandline.cpp" line="+157"/>
        <source>Resuming %n task(s).</source>
        <translation>
            <numerusform>Resuming %n task.</numerusform>
            <numerusform>Resuming %n tasks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/cli/costcommands.cpp" line="+329"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source> (+ %n task(s) at an unknown price)</source>
        <translation>
            <numerusform> (+ %n task at an unknown price)</numerusform>
            <numerusform> (+ %n tasks at an unknown price)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Demo (free): %n task(s) of the built-in simulator, not counted.</source>
        <translation>
            <numerusform>Demo (free): %n task of the built-in simulator, not counted.</numerusform>
            <numerusform>Demo (free): %n tasks of the built-in simulator, not counted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message numerus="yes">
        <location filename="../../app/widgets/compareview.cpp" line="+150"/>
        <source>Comparing %n images: zoom and pan move them all</source>
        <translation>
            <numerusform>Comparing %n image: zoom and pan move them all</numerusform>
            <numerusform>Comparing %n images: zoom and pan move them all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GalleryFilterBar</name>
    <message numerus="yes">
        <location filename="../../app/widgets/galleryfilterbar.cpp" line="+200"/>
        <location line="+27"/>
        <source>%1 of %Ln video(s)</source>
        <translation>
            <numerusform>%1 of %Ln video</numerusform>
            <numerusform>%1 of %Ln videos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-25"/>
        <location line="+24"/>
        <source>%1 of %Ln item(s)</source>
        <translation>
            <numerusform>%1 of %Ln item</numerusform>
            <numerusform>%1 of %Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-20"/>
        <location line="+9"/>
        <source>%Ln video(s)</source>
        <translation>
            <numerusform>%Ln video</numerusform>
            <numerusform>%Ln videos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-7"/>
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImageActions</name>
    <message numerus="yes">
        <location filename="../../app/widgets/imageactions.cpp" line="+323"/>
        <source>&amp;Delete %n Items…</source>
        <translation>
            <numerusform>&amp;Delete %n Item…</numerusform>
            <numerusform>&amp;Delete %n Items…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>&amp;Save %n Items To…</source>
        <translation>
            <numerusform>&amp;Save %n Item To…</numerusform>
            <numerusform>&amp;Save %n Items To…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+43"/>
        <source>Save %n Items To</source>
        <translation>
            <numerusform>Save %n Item To</numerusform>
            <numerusform>Save %n Items To</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+281"/>
        <location line="+3"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n video</numerusform>
            <numerusform>%n videos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LineageStrip</name>
    <message numerus="yes">
        <location filename="../../app/widgets/lineagestrip.cpp" line="+296"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultDownloader</name>
    <message numerus="yes">
        <location filename="../../app/engine/downloadworker.cpp" line="+179"/>
        <source>The download took longer than %n second(s) and was stopped.</source>
        <translation>
            <numerusform>The download took longer than %n second and was stopped.</numerusform>
            <numerusform>The download took longer than %n seconds and was stopped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message numerus="yes">
        <location filename="../../app/models/tasklistmodel.cpp" line="+273"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <location line="+15"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n video</numerusform>
            <numerusform>%n videos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%1 of %n video(s) failed (%2).</source>
        <translation>
            <numerusform>%1 of %n video failed (%2).</numerusform>
            <numerusform>%1 of %n videos failed (%2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskPanel</name>
    <message numerus="yes">
        <location filename="../../app/widgets/taskpanel.cpp" line="+123"/>
        <source>Failed shows the tasks that ended without every result, from this session and the last %n day(s).</source>
        <translation>
            <numerusform>Failed shows the tasks that ended without every result, from this session and the last %n day.</numerusform>
            <numerusform>Failed shows the tasks that ended without every result, from this session and the last %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+121"/>
        <source>Nothing failed in this session or the last %n day(s).</source>
        <translation>
            <numerusform>Nothing failed in this session or the last %n day.</numerusform>
            <numerusform>Nothing failed in this session or the last %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+128"/>
        <source>%n video(s) ready</source>
        <translation>
            <numerusform>%n video ready</numerusform>
            <numerusform>%n videos ready</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageDialog</name>
    <message numerus="yes">
        <location filename="../../app/widgets/usagedialog.cpp" line="+172"/>
        <source>Demo (free): %n task(s) of the built-in simulator, not counted.</source>
        <translation>
            <numerusform>Demo (free): %n task of the built-in simulator, not counted.</numerusform>
            <numerusform>Demo (free): %n tasks of the built-in simulator, not counted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VideoOptions</name>
    <message numerus="yes">
        <location filename="../../app/widgets/videooptions.cpp" line="+97"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
</context>
</TS>
