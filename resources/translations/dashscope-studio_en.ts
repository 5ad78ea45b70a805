<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CommandLine</name>
    <message numerus="yes">
        <location filename="../../app/cli/commandline.cpp" line="+193"/>
        <source>Resuming %n task(s).</source>
        <translation>
            <numerusform>Resuming %n task.</numerusform>
            <numerusform>Resuming %n tasks.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultDownloader</name>
    <message numerus="yes">
        <location filename="../../app/engine/resultdownloader.cpp" line="+212"/>
        <source>The download took longer than %n second(s) and was stopped.</source>
        <translation>
            <numerusform>The download took longer than %n second and was stopped.</numerusform>
            <numerusform>The download took longer than %n seconds and was stopped.</numerusform>
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
