<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <location filename="../../app/domain/apierror.cpp" line="+152"/>
        <source>No API key was sent; enter your key in Settings or set DASHSCOPE_API_KEY.</source>
        <translation>请求未附带 API Key；请在“设置”中填写，或设置环境变量 DASHSCOPE_API_KEY。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The API key was rejected; check that it is correct and that it belongs to the region you chose, because keys of Singapore, US (Virginia) and China (Beijing) do not work in another region.</source>
        <translation>API Key 被拒绝；请检查它是否正确、是否属于所选地域：新加坡、美国（弗吉尼亚）和中国（北京）的 API Key 不能跨地域使用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The API key was rejected, most likely because it was created for a different region than this endpoint; choose the key&apos;s region or use a key of this one.</source>
        <translation>API Key 被拒绝，很可能是因为它属于其他地域，而不是当前接入地址所在的地域；请改选该 API Key 所属的地域，或使用本地域的 API Key。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service handled the request as a synchronous call, which this API does not support; check that the base URL points at the DashScope API (…/api/v1) and report this if it does.</source>
        <translation>服务把请求当作同步调用处理，而此接口不支持同步调用；请检查基础 URL 是否指向 DashScope API（…/api/v1），如果确实如此，请报告此问题。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This model is not activated for your account or workspace; activate it in the Model Studio console or choose another model.</source>
        <translation>您的账号或业务空间尚未开通此模型；请在百炼控制台开通，或选择其他模型。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The workspace does not allow this request; check its permissions in the Model Studio console or use a key of another workspace.</source>
        <translation>该业务空间不允许此请求；请在百炼控制台检查其权限，或使用其他业务空间的 API Key。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Access was denied; check in the Model Studio console that the model is activated and that this key may use it.</source>
        <translation>访问被拒绝；请在百炼控制台确认模型已开通，且此 API Key 有权使用该模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service is limiting how fast requests may arrive; wait a minute and try again.</source>
        <translation>服务正在限制请求频率；请等待一分钟后重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The free quota of this model is used up and the account is set to stop there; turn off “free quota only” in the Model Studio console to continue with paid use, or choose another model.</source>
        <translation>此模型的免费额度已用完，且账号设置为用完即停；如需付费继续使用，请在百炼控制台关闭“免费额度用完即停”，或选择其他模型。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The quota for this model is used up, so retrying will not help; increase it in the Model Studio console or choose another model.</source>
        <translation>此模型的额度已用完，重试无济于事；请在百炼控制台提高额度，或选择其他模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account cannot be billed (overdue payment, or the model is not purchased); settle it in the Alibaba Cloud console, then try again.</source>
        <translation>账号无法计费（已欠费，或未购买该模型）；请在阿里云控制台处理后重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service suspects that the prompt or the result infringes intellectual property; change the prompt, for example without brand or character names.</source>
        <translation>服务怀疑提示词或生成结果侵犯知识产权；请修改提示词，例如去掉品牌或角色名称。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The service&apos;s content inspection rejected the prompt or the result; rephrase the prompt and try again.</source>
        <translation>提示词或生成结果未通过服务的内容安全审核；请换一种说法后重试。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service does not know this model at this address; check the model name and that the model is served in the chosen region.</source>
        <translation>此地址上的服务不认识该模型；请检查模型名称，并确认所选地域提供该模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service could not download or inspect an input file; make sure its URL is publicly reachable.</source>
        <translation>服务无法下载或检查输入文件；请确保其 URL 可公开访问。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The task could not be canceled because the service has already started it; it will finish, and be billed, unless it fails.</source>
        <translation>服务已开始执行该任务，因此无法取消；除非执行失败，它将运行完毕并计费。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service does not recognise the address; check that the base URL ends in /api/v1.</source>
        <translation>服务无法识别该地址；请检查基础 URL 是否以 /api/v1 结尾。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The request is too large for the service; use a smaller input file.</source>
        <translation>请求过大，服务无法处理；请使用更小的输入文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service rejected the request&apos;s parameters; correct what its message names and try again.</source>
        <translation>服务拒绝了请求参数；请按服务消息指出的问题修正后重试。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The workspace was not found; check the workspace ID in the base URL or settings.</source>
        <translation>找不到该业务空间；请检查基础 URL 或设置中的业务空间 ID。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service does not know this model; check the model name and that the model is served in the chosen region.</source>
        <translation>服务不认识该模型；请检查模型名称，并确认所选地域提供该模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service did not find what was asked for; check the base URL, the region and the model.</source>
        <translation>服务找不到所请求的内容；请检查基础 URL、地域和模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The service is temporarily unavailable; try again in a few minutes.</source>
        <translation>服务暂时不可用；请过几分钟再试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service could not be reached; check the internet connection, proxy and firewall, then try again.</source>
        <translation>无法连接到服务；请检查网络连接、代理和防火墙，然后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The service did not answer in time; try again later (a task that was already created keeps running and can still be fetched).</source>
        <translation>服务未能及时响应；请稍后重试（已创建的任务会继续运行，仍可获取其结果）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The task or its result is older than 24 hours and the service no longer keeps it; generate the image again.</source>
        <translation>任务或其结果已超过 24 小时，服务不再保留；请重新生成图片。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The task was canceled.</source>
        <translation>任务已取消。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service&apos;s answer could not be understood; try again, and if it keeps happening the program may need an update.</source>
        <translation>无法解析服务的响应；请重试，如果问题反复出现，可能需要更新本程序。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The result could not be saved; check that the disk has free space and that the output folder is writable.</source>
        <translation>无法保存结果；请检查磁盘是否有剩余空间，以及输出文件夹是否可写。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Service answer: %1: %2</source>
        <translation>服务响应：%1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service answer: %1</source>
        <translation>服务响应：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP status: %1</source>
        <translation>HTTP 状态码：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request ID: %1</source>
        <translation>请求 ID：%1</translation>
    </message>
</context>
<context>
    <name>BeforeAfterView</name>
    <message>
        <location filename="../../app/widgets/beforeafterview.cpp" line="+16"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Before and after</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Before · %1</source>
        <translation>之前 · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before · %1, stretched to %2</source>
        <translation>之前 · %1，拉伸至 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>After · %1</source>
        <translation>之后 · %1</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../../app/cli/serviceoptions.cpp" line="+19"/>
        <source>Region: singapore (default), virginia or beijing.</source>
        <translation>地域：singapore（默认）、virginia 或 beijing。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom base URL, e.g. a workspace domain (overrides DASHSCOPE_HTTP_BASE_URL).</source>
        <translation>自定义基础 URL，例如业务空间域名（优先于 DASHSCOPE_HTTP_BASE_URL）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder for the results (default: the window&apos;s, your Pictures folder/DashScope Studio unless chosen in Settings; with --demo, its Demo folder).</source>
        <translation>结果保存的文件夹（默认：窗口所用的文件夹，即“图片”文件夹/DashScope Studio，除非在设置中另选；使用 --demo 时为其中的 Demo 文件夹）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder for the results (default: the window&apos;s, your Pictures folder/DashScope Studio unless chosen in Settings).</source>
        <translation>结果保存的文件夹（默认：窗口所用的文件夹，即“图片”文件夹/DashScope Studio，除非在设置中另选）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Print one JSON object per line: events and results.</source>
        <translation>每行输出一个 JSON 对象：事件和结果。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the built-in simulator: no key, nothing billed.</source>
        <translation>使用内置模拟器：无需 API Key，不产生费用。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>--region needs a region: singapore, virginia or beijing. Leave the option out for singapore.</source>
        <translation>--region 需要一个地域：singapore、virginia 或 beijing。不写此选项即为 singapore。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown region &quot;%1&quot;. Use singapore, virginia or beijing.</source>
        <translation>未知地域“%1”。请使用 singapore、virginia 或 beijing。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>--base-url needs a URL, e.g. https://dashscope-intl.aliyuncs.com/api/v1. Leave the option out to use the region&apos;s own service.</source>
        <translation>--base-url 需要一个 URL，例如 https://dashscope-intl.aliyuncs.com/api/v1。不写此选项即使用该地域自己的服务。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No API key. Set DASHSCOPE_API_KEY to a Model Studio key of the %1 region, or add --demo to try the built-in simulator.</source>
        <translation>没有 API Key。请将 DASHSCOPE_API_KEY 设为%1地域的百炼 API Key，或加上 --demo 试用内置模拟器。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No API key. Set DASHSCOPE_API_KEY to a Model Studio key of the %1 region.</source>
        <translation>没有 API 密钥。请将 DASHSCOPE_API_KEY 设为%1地域的百炼密钥。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The output folder %1 is a file, not a folder. Choose a folder with -o. Nothing was sent.</source>
        <translation>输出位置 %1 是文件，不是文件夹。请用 -o 选择一个文件夹。未发送任何请求。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot create the output folder %1: %2. Choose another folder with -o. Nothing was sent.</source>
        <translation>无法创建输出文件夹 %1：%2。请用 -o 选择其他文件夹。未发送任何请求。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown reason</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot write to the output folder %1: %2. Choose another folder with -o. Nothing was sent.</source>
        <translation>无法写入输出文件夹 %1：%2。请用 -o 选择其他文件夹。未发送任何请求。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Argument %1 is not valid UTF-8 text: &quot;%2&quot;. Nothing was sent; convert it to UTF-8 (for example with iconv) and try again.</source>
        <translation>第 %1 个参数不是有效的 UTF-8 文本：“%2”。未发送任何请求；请先转换为 UTF-8（例如使用 iconv）后重试。</translation>
    </message>
    <message>
        <location filename="../../app/cli/taskfollower.cpp" line="+98"/>
        <source>Interrupted before the service answered: the task may or may not have been created. Check the list of tasks in the console.</source>
        <translation>在服务响应之前被中断：任务可能已经创建，也可能没有。请在控制台的任务列表中查看。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Interrupted. Task %1 was made by the built-in simulator, which stops with this command: there is nothing to fetch and nothing was billed. Run the command again.</source>
        <translation>已中断。任务 %1 由内置模拟器生成，模拟器随此命令一起停止：没有可获取的结果，也没有计费。请重新运行该命令。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Interrupted. Task %1 keeps running on the service; download its results within 24 hours with:
  dashscope-studio fetch %1 %2</source>
        <translation>已中断。任务 %1 仍在服务端运行；请在 24 小时内用以下命令下载其结果：
  dashscope-studio fetch %1 %2</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Image %1 of task %2 was not saved: %3 (%4)</source>
        <translation>任务 %2 的第 %1 张图片未保存：%3（%4）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The service created a task (it may be billed) but answered with an id that is not a task id, &quot;%1&quot;, so it cannot be followed. Look for the task in the Model Studio console.</source>
        <translation>服务已创建任务（可能会计费），但返回的 ID “%1”不是任务 ID，因此无法跟踪。请在百炼控制台中查找该任务。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Task %1 is not finished: %2</source>
        <translation>任务 %1 尚未完成：%2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1  %2 s  %3 %4×%5</source>
        <extracomment>The progress line on a terminal: state, seconds so far, model, size × count.</extracomment>
        <translation>%1  %2 秒  %3 %4×%5</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1  %2 s</source>
        <extracomment>The progress line of a task followed by id: state, seconds so far.</extracomment>
        <translation>%1  %2 秒</translation>
    </message>
    <message>
        <location filename="../../app/cli/commandline.cpp" line="+295"/>
        <source>Cannot open the library %1: %2</source>
        <translation>无法打开资料库 %1：%2</translation>
    </message>
    <message>
        <location filename="../../app/cli/serviceoptions.cpp" line="-48"/>
        <source>Command.</source>
        <translation>命令。</translation>
    </message>
    <message>
        <location filename="../../app/cli/commandline.cpp" line="-253"/>
        <source>Creates an image task, waits for it and downloads the results. Prints each saved file&apos;s path on stdout.</source>
        <translation>创建图片生成任务，等待其完成并下载结果。每保存一个文件，就在标准输出上打印其路径。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What to draw.</source>
        <translation>要画的内容。</translation>
    </message>
    <message>
        <location filename="../../app/cli/requestoptions.cpp" line="+13"/>
        <source>Model name.</source>
        <translation>模型名称。</translation>
    </message>
    <message>
        <location filename="../../app/cli/commandline.cpp" line="+3"/>
        <source>Size as W*H, e.g. 1280*1280.</source>
        <translation>尺寸，格式为 宽*高，例如 1280*1280。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../app/cli/editcommand.cpp" line="+138"/>
        <source>Number of images, 1 to 4 (default 1).</source>
        <translation>图片数量，1 到 4（默认 1）。</translation>
    </message>
    <message>
        <location filename="../../app/cli/requestoptions.cpp" line="+10"/>
        <source>Seed, 0 to 2147483647 (default: random).</source>
        <translation>随机种子，0 到 2147483647（默认：随机）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Negative prompt.</source>
        <translation>反向提示词。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not let the service rewrite the prompt.</source>
        <translation>关闭智能改写：不让服务改写提示词。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the &quot;AI generated&quot; watermark.</source>
        <translation>添加“AI生成”水印。</translation>
    </message>
    <message>
        <location filename="../../app/cli/commandline.cpp" line="+11"/>
        <source>No prompt. Usage: dashscope-studio generate [options] PROMPT</source>
        <translation>没有提示词。用法：dashscope-studio generate [选项] PROMPT</translation>
    </message>
    <message>
        <location line="-12"/>
        <location filename="../../app/cli/editcommand.cpp" line="-1"/>
        <source>Size &quot;%1&quot; is not of the form WIDTH*HEIGHT, e.g. 1280*1280.</source>
        <translation>尺寸“%1”不符合 宽*高 的格式，例如 1280*1280。</translation>
    </message>
    <message>
        <location filename="../../app/cli/requestoptions.cpp" line="+22"/>
        <source>Count &quot;%1&quot; is not a number.</source>
        <translation>数量“%1”不是数字。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Seed &quot;%1&quot; is not a number.</source>
        <translation>随机种子“%1”不是数字。</translation>
    </message>
    <message>
        <location filename="../../app/cli/commandline.cpp" line="+35"/>
        <source>Polls a task created elsewhere (for example with cURL) and downloads its results into the library.</source>
        <translation>轮询在别处（例如用 cURL）创建的任务，并将其结果下载到资料库。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The task_id the service returned.</source>
        <translation>服务返回的 task_id。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Usage: dashscope-studio fetch TASK_ID [-o DIR] [--region REGION | --base-url URL]</source>
        <translation>用法：dashscope-studio fetch TASK_ID [-o DIR] [--region REGION | --base-url URL]</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&quot;%1&quot; is not a task id. Task ids look like 0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21.</source>
        <translation>“%1”不是任务 ID。任务 ID 形如 0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Finishes the library&apos;s unfinished tasks younger than 24 hours (polls and downloads, never creates again) and marks older ones expired.</source>
        <translation>完成资料库中 24 小时内未完成的任务（只轮询和下载，绝不重新创建），并将更早的任务标记为已过期。</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>Resuming %n task(s).</source>
        <translation>
            <numerusform>正在恢复 %n 个任务。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Runs the offline DashScope simulator in the foreground. The first line on stdout is its base URL.</source>
        <translation>在前台运行离线 DashScope 模拟器。标准输出的第一行是它的基础 URL。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TCP port on 127.0.0.1 (0 = any free port).</source>
        <translation>127.0.0.1 上的 TCP 端口（0 表示任意空闲端口）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seconds from create to SUCCEEDED (default 3).</source>
        <translation>从创建到 SUCCEEDED 的秒数（默认 3）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inject a fault (repeatable): %1.</source>
        <translation>注入故障（可多次使用）：%1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Accept only this key (default: any non-empty key).</source>
        <translation>只接受此 API Key（默认：接受任何非空的 API Key）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Port &quot;%1&quot; is not a number from 0 to 65535.</source>
        <translation>端口“%1”不是 0 到 65535 之间的数字。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Latency &quot;%1&quot; is not a number of seconds from 0 to 3600.</source>
        <translation>延迟“%1”不是 0 到 3600 之间的秒数。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unknown fault &quot;%1&quot;. Known faults: %2.</source>
        <translation>未知故障“%1”。已知故障：%2。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Simulator running. Try:
  export DASHSCOPE_HTTP_BASE_URL=%1
  DASHSCOPE_API_KEY=demo dashscope-studio generate &quot;a lighthouse at dawn&quot;
Press Ctrl+C to stop.</source>
        <translation>模拟器正在运行。试试：
  export DASHSCOPE_HTTP_BASE_URL=%1
  DASHSCOPE_API_KEY=demo dashscope-studio generate &quot;黎明时分的灯塔&quot;
按 Ctrl+C 停止。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Lists the library&apos;s images, newest first, with their files (the same library the window shows).</source>
        <translation>列出资料库中的图片及其文件，最新的在前（与窗口中显示的是同一个资料库）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only entries whose prompts contain these words.</source>
        <translation>只列出提示词包含这些词语的条目。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only this model.</source>
        <translation>只列出此模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only images (edits included), only edits, or only videos.</source>
        <translation>仅图片（含编辑结果）、仅编辑结果或仅视频。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Leave out the built-in simulator&apos;s results (demo mode).</source>
        <translation>不包括内置模拟器的结果（演示模式）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the built-in simulator&apos;s results.</source>
        <translation>仅内置模拟器的结果。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--no-demo and --demo-only exclude each other: use one.</source>
        <translation>--no-demo 与 --demo-only 互斥：请只用其一。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Kind &quot;%1&quot; is not image, edit or video.</source>
        <translation>类型“%1”不是 image、edit 或 video。</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>At most this many entries (default 20, 0 = all).</source>
        <translation>最多列出的条目数（默认 20，0 表示全部）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../app/cli/costcommands.cpp" line="+203"/>
        <source>Print one JSON object per line.</source>
        <translation>每行输出一个 JSON 对象。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Limit &quot;%1&quot; is not a whole number of 0 or more.</source>
        <translation>条目数上限“%1”不是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The library is empty: nothing was generated yet.</source>
        <translation>资料库是空的：还没有生成过任何图片。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>(not saved: %1)</source>
        <translation>（未保存：%1）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>[demo] %1</source>
        <translation>[演示] %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>seed %1</source>
        <translation>随机种子 %1</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Unknown command &quot;%1&quot;. Did you mean &quot;%2&quot;? Commands: %3.</source>
        <translation>未知命令“%1”。您是想输入“%2”吗？可用命令：%3。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown command &quot;%1&quot;. Commands: %2. To open the window, start dashscope-studio without a command.</source>
        <translation>未知命令“%1”。可用命令：%2。要打开窗口，请不带命令启动 dashscope-studio。</translation>
    </message>
    <message>
        <location filename="../../app/cli/videocommand.cpp" line="+30"/>
        <source>Creates a video task, waits for it and downloads the MP4. Prints the saved file&apos;s path on stdout. Without -m the model follows the inputs: text only, text-to-video; --image, image-to-video; --image and --last-frame, first-and-last-frame.</source>
        <translation>创建视频任务，等待完成并下载 MP4。在标准输出打印保存文件的路径。不指定 -m 时按输入选择模型：只有文本为文生视频；--image 为图生视频；--image 加 --last-frame 为首尾帧生视频。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What happens in the video.</source>
        <translation>视频中发生的内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Length in seconds (as the model allows).</source>
        <translation>时长（秒，取模型允许的值）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolution tier: 480P, 720P or 1080P (as the model allows).</source>
        <translation>分辨率档位：480P、720P 或 1080P（取模型允许的值）。</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Text-to-video size as W*H, e.g. 1280*720.</source>
        <translation>文生视频的尺寸，格式为 宽*高，例如 1280*720。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Aspect ratio W:H (wan2.7 text-to-video).</source>
        <translation>宽高比，格式为 W:H（wan2.7 文生视频）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first frame: an image file.</source>
        <translation>首帧：一个图片文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last frame: an image file.</source>
        <translation>尾帧：一个图片文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate sound (models that can).</source>
        <translation>生成声音（支持的模型）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A silent video (models that can choose).</source>
        <translation>无声视频（可选择的模型）。</translation>
    </message>
    <message>
        <location filename="../../app/cli/requestoptions.cpp" line="+10"/>
        <source>Cannot read the image &quot;%1&quot; given with --%2.</source>
        <translation>无法读取通过 --%2 指定的图片“%1”。</translation>
    </message>
    <message>
        <location filename="../../app/cli/videocommand.cpp" line="+25"/>
        <source>--last-frame needs --image too: the video goes from the first frame to the last.</source>
        <translation>--last-frame 需要同时指定 --image：视频从首帧过渡到尾帧。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No %1 model is served in %2; choose another region with -r.</source>
        <translation>%2没有%1模型；请用 -r 选择其他地域。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Duration &quot;%1&quot; is not a whole number of seconds.</source>
        <translation>时长“%1”不是整数秒。</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Size &quot;%1&quot; is not of the form WIDTH*HEIGHT, e.g. 1280*720.</source>
        <translation>尺寸“%1”不是 宽*高 的格式，例如 1280*720。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Give --audio or --no-audio, not both.</source>
        <translation>请指定 --audio 或 --no-audio，不要同时指定。</translation>
    </message>
    <message>
        <location filename="../../app/cli/costcommands.cpp" line="-173"/>
        <location line="+67"/>
        <source>free: demo</source>
        <translation>免费：演示</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Print the request body and the estimated cost; send nothing.</source>
        <translation>打印请求体和预估费用；不发送任何请求。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refuse (exit 2, nothing sent) when the estimate is higher than AMOUNT, or unknown.</source>
        <translation>预估费用高于 AMOUNT 或未知时拒绝（退出码 2，不发送任何请求）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Your prices file is not used: %1</source>
        <translation>未使用您的价格文件：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Estimate: %1</source>
        <translation>预估：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimate: %1 (%2; the bill is the service&apos;s)</source>
        <translation>预估：%1（%2；以服务账单为准）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Warning: the price of %1 is unknown, so your monthly budget cannot be checked for this request.</source>
        <translation>警告：%1 的价格未知，因此无法按您的月度预算检查此请求。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--max-cost &quot;%1&quot; is not an amount, e.g. 2.50.</source>
        <translation>--max-cost “%1”不是金额，例如 2.50。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing was sent: the price of %1 is unknown, so it cannot be kept under --max-cost %2. Add the price to %3, or leave out --max-cost.</source>
        <translation>未发送任何请求：%1 的价格未知，无法保证不超过 --max-cost %2。请在 %3 中添加价格，或去掉 --max-cost。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing was sent: the estimate %1 is more than --max-cost %2. Ask for less (fewer images, shorter or lower resolution), or raise --max-cost.</source>
        <translation>未发送任何请求：预估费用 %1 超过 --max-cost %2。请减少要求（更少的图片、更短或更低的分辨率），或提高 --max-cost。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Local files are shown as file: URLs; each is sent as a data: URI, or through the service&apos;s temporary upload when it is large.</source>
        <translation>本地文件显示为 file: URL；发送时每个文件以 data: URI 发送，较大的文件则通过服务的临时上传发送。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dry run: nothing was sent.</source>
        <translation>试运行：未发送任何请求。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>What was generated and what it cost (estimates at the prices used; the bill is the service&apos;s), and the monthly budget.</source>
        <translation>生成了什么、花费多少（按当时使用的价格预估；以服务账单为准），以及月度预算。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The month, YYYY-MM (default: this month).</source>
        <translation>月份，格式为 YYYY-MM（默认：本月）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rows by day, model or region (default: day).</source>
        <translation>按天、模型或地域分行（默认：按天）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print comma-separated values.</source>
        <translation>输出逗号分隔值（CSV）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set the monthly budget: AMOUNT CURRENCY (CNY or USD), or none [CURRENCY] to remove it.</source>
        <translation>设置月度预算：AMOUNT CURRENCY（CNY 或 USD），或用 none [CURRENCY] 取消预算。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No monthly budget for %1.</source>
        <translation>%1 没有月度预算。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Usage: dashscope-studio usage --budget AMOUNT CURRENCY (CNY or USD), e.g. --budget 50 CNY, or --budget none.</source>
        <translation>用法：dashscope-studio usage --budget AMOUNT CURRENCY（CNY 或 USD），例如 --budget 50 CNY，或 --budget none。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Monthly budget: %1. A request that would pass it is not sent.</source>
        <translation>月度预算：%1。会超出预算的请求不会发送。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>--month &quot;%1&quot; is not of the form YYYY-MM, e.g. 2026-11.</source>
        <translation>--month “%1”不是 YYYY-MM 格式，例如 2026-11。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--by &quot;%1&quot;: use day, model or region.</source>
        <translation>--by “%1”：请使用 day、model 或 region。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>%1  %2, %3, %4 s of video: %5</source>
        <translation>%1  %2，%3，%4 秒视频：%5</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 张图片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source> (+ %n task(s) at an unknown price)</source>
        <translation>
            <numerusform>（另有 %n 个任务价格未知）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing was generated in %1.</source>
        <translation>%1 没有生成任何内容。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Demo (free): %n task(s) of the built-in simulator, not counted.</source>
        <translation>
            <numerusform>演示（免费）：内置模拟器的 %n 个任务，不计入。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 total: %2</source>
        <translation>%1 合计：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> of a budget of %1</source>
        <translation>，预算为 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Estimates at the prices used; the bill is the service&apos;s.</source>
        <translation>按当时使用的价格预估；以服务账单为准。</translation>
    </message>
    <message>
        <location filename="../../app/cli/editcommand.cpp" line="-114"/>
        <source>restyle the whole image (--strength 0 to 1, default 0.5)</source>
        <translation>为整张图片换风格（--strength 0 到 1，默认 0.5）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>restyle part of the image</source>
        <translation>为图片的一部分换风格</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>edit by the prompt&apos;s instruction (--strength 0 to 1, default 0.5)</source>
        <translation>按提示词的指令编辑（--strength 0 到 1，默认 0.5）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>inpaint: repaint the white area of --mask, keep the black</source>
        <translation>局部重绘：重绘 --mask 的白色区域，保留黑色区域</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>remove text and watermarks</source>
        <translation>去除文字和水印</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>outpaint: grow the canvas by --expand TOP,BOTTOM,LEFT,RIGHT (1.0 to 2.0 each)</source>
        <translation>扩图：按 --expand TOP,BOTTOM,LEFT,RIGHT（上、下、左、右）扩展画布（每项 1.0 到 2.0）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>upscale by --upscale 1 to 4 (1: enhance only)</source>
        <translation>按 --upscale 1 到 4 放大（1：仅增强）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>colourise a black-and-white image</source>
        <translation>为黑白图片上色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sketch to image (--sketch: the input is a line drawing)</source>
        <translation>线稿生图（--sketch：输入为线稿）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a cartoon character as reference</source>
        <translation>以卡通形象为参考</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>--%1 &quot;%2&quot; is not a number.</source>
        <translation>--%1 “%2”不是数字。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Edits images: creates an image-editing task, waits for it and downloads the results. Prints each saved file&apos;s path on stdout.
Without -m: wanx2.1-imageedit (Beijing only; --image is the base image) when a function is given or implied, otherwise wan2.5-i2i-preview (one to three --image, edited together as the prompt says).
Functions of wanx2.1-imageedit (--function; --mask, --expand, --upscale and --sketch imply theirs):</source>
        <translation>编辑图片：创建图像编辑任务，等待其完成并下载结果。在标准输出上打印每个已保存文件的路径。
不带 -m 时：给出或隐含了功能时使用 wanx2.1-imageedit（仅北京；--image 为底图），否则使用 wan2.5-i2i-preview（一到三个 --image，按提示词一起编辑）。
wanx2.1-imageedit 的功能（--function；--mask、--expand、--upscale 和 --sketch 隐含各自的功能）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>What to change, or how.</source>
        <translation>要改什么，或怎么改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size as W*H (wan2.5-i2i-preview; default: about 1280*1280 in the shape of the last image).</source>
        <translation>尺寸，格式为 宽*高（wan2.5-i2i-preview；默认：约 1280*1280，比例同最后一张图片）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What wanx2.1-imageedit does (see the list above).</source>
        <translation>wanx2.1-imageedit 要执行的功能（见上方列表）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An image to edit (repeatable, up to the model&apos;s count: 3 for wan2.5-i2i-preview, 1 for wanx2.1-imageedit).</source>
        <translation>要编辑的图片（可重复，最多为模型允许的数量：wan2.5-i2i-preview 为 3，wanx2.1-imageedit 为 1）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Inpainting mask: the base image&apos;s size, white where to edit, black where to keep.</source>
        <translation>局部重绘蒙版：与底图同尺寸，白色处编辑，黑色处保留。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Outpainting scales, each 1.0 to 2.0, e.g. 1.5,1.5,1,1.</source>
        <translation>扩图比例，每项 1.0 到 2.0，例如 1.5,1.5,1,1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Upscaling factor, 1 to 4.</source>
        <translation>放大倍数，1 到 4。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How strongly to change the image, 0 to 1 (stylization_all, description_edit).</source>
        <translation>改变图片的强度，0 到 1（stylization_all、description_edit）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The image is a line drawing (doodle).</source>
        <translation>图片是线稿（doodle）。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No image-editing model is known; choose one with -m.</source>
        <translation>没有已知的图像编辑模型；请用 -m 选择一个。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>--expand &quot;%1&quot; is not four scales TOP,BOTTOM,LEFT,RIGHT, e.g. 1.5,1.5,1,1.</source>
        <translation>--expand “%1”不是 TOP,BOTTOM,LEFT,RIGHT（上、下、左、右）四个比例，例如 1.5,1.5,1,1。</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../app/widgets/compareview.cpp" line="+36"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Back to the gallery (Esc)</source>
        <translation>返回图库（Esc）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Select two to four images to compare them (Ctrl+click adds one).</source>
        <translation>选择两到四张图片进行对比（Ctrl+单击可添加一张）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare shows at most four images side by side: %1 are selected.</source>
        <translation>对比最多并排显示四张图片：当前选择了 %1 张。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Compare shows images, not videos: leave the videos out of the selection.</source>
        <translation>对比只显示图片，不显示视频：请从选择中去掉视频。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>Comparing %n images: zoom and pan move them all</source>
        <translation>
            <numerusform>正在对比 %n 张图片：缩放和平移会同时作用于所有图片</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Image %1</source>
        <translation>图片 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 — cannot be shown: %2</source>
        <translation>%1 — 无法显示：%2</translation>
    </message>
</context>
<context>
    <name>CostEstimate</name>
    <message>
        <location filename="../../app/domain/pricing.cpp" line="+77"/>
        <source>unknown price</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown price · %1</source>
        <translation>价格未知 · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>≈ %1 · %2</source>
        <translation>≈ %1 · %2</translation>
    </message>
    <message>
        <location line="+214"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s %2</source>
        <translation>%1 秒 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, with audio</source>
        <translation>%1，含音频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 images</source>
        <translation>%1 张图片</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>demo (built-in simulator)</source>
        <translation>演示（内置模拟器）</translation>
    </message>
</context>
<context>
    <name>DashScopeClient</name>
    <message>
        <location filename="../../app/protocol/dashscopeclient.cpp" line="+210"/>
        <source>The request was canceled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No answer from the service in time.</source>
        <translation>服务未能及时响应。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The service accepted the request but sent no task id.</source>
        <translation>服务接受了请求，但没有返回任务 ID。</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>No API key is set.</source>
        <translation>尚未设置 API Key。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The API key contains spaces or characters an API key never has.</source>
        <translation>API Key 中含有空格，或含有 API Key 不可能包含的字符。</translation>
    </message>
    <message>
        <location line="-299"/>
        <source>“%1” is not a task id.</source>
        <translation>“%1”不是任务 ID。</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>The service&apos;s answer was too large (over %1 MiB), so it was not read.</source>
        <translation>服务的应答过大（超过 %1 MiB），因此未读取。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The service&apos;s answer took too long to arrive and was stopped.</source>
        <translation>服务的应答耗时过长，已停止。</translation>
    </message>
    <message>
        <location line="+205"/>
        <source>Unknown model “%1”.</source>
        <translation>未知模型“%1”。</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <location filename="../../app/desktop/desktopapp.cpp" line="+186"/>
        <source>DashScope Studio</source>
        <translation>DashScope Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The library is damaged. Nothing more will be saved in it; what it shows can still be opened and copied.

%1</source>
        <translation>资料库已损坏。不会再向其中保存任何内容；其中显示的内容仍可打开和复制。

%1</translation>
    </message>
</context>
<context>
    <name>DetailLabel</name>
    <message>
        <location filename="../../app/widgets/detaillabel.cpp" line="+128"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy &amp;All</source>
        <translation>全部复制(&amp;A)</translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <location filename="../../app/models/displaytext.cpp" line="+53"/>
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 / image</source>
        <translation>%1 / 张</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 / s</source>
        <translation>%1 / 秒</translation>
    </message>
</context>
<context>
    <name>DurationRule</name>
    <message>
        <location filename="../../app/domain/modelcatalog.cpp" line="+176"/>
        <source>%1 seconds</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 to %2 seconds</source>
        <translation>%1 至 %2 秒</translation>
    </message>
</context>
<context>
    <name>EditOptions</name>
    <message>
        <location filename="../../app/widgets/editfunctions.cpp" line="+13"/>
        <source>Edit by instruction</source>
        <translation>按指令编辑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restyle</source>
        <translation>换风格</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restyle part</source>
        <translation>局部换风格</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inpaint (paint a mask)</source>
        <translation>局部重绘（绘制蒙版）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outpaint (grow the canvas)</source>
        <translation>扩图（扩展画布）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Colourise</source>
        <translation>上色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sketch to image</source>
        <translation>线稿生图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove watermark or text</source>
        <translation>去除水印或文字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cartoon reference</source>
        <translation>卡通形象参考</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Say what to change; the rest of the image stays as it is.</source>
        <translation>说明要改什么；图片的其余部分保持不变。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name a style; the whole image takes it.</source>
        <translation>说出一种风格；整张图片采用该风格。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name a style and the part of the image that takes it.</source>
        <translation>说出一种风格，以及采用该风格的图片部分。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paint over what should change and say what goes there.</source>
        <translation>涂抹要改变的部分，并说明那里应画什么。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The canvas grows on each side; say what fills the new space.</source>
        <translation>画布向各边扩展；说明用什么填充新的空间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A larger, sharper copy; 1× only sharpens it.</source>
        <translation>更大、更清晰的副本；1× 只做锐化。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Colours for a black-and-white image; name them or leave it to the model.</source>
        <translation>为黑白图片上色；可指定颜色，也可交给模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A picture drawn from a sketch or doodle; say what it shows.</source>
        <translation>根据草图或涂鸦画出图片；说明画的是什么。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Removes text and watermarks; say which ones.</source>
        <translation>去除文字和水印；说明要去除哪些。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new picture with the cartoon character of the image.</source>
        <translation>用图片中的卡通形象生成新图片。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/editoptions.cpp" line="+60"/>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Editing function</source>
        <translation>编辑功能</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Functi&amp;on</source>
        <translation>功能(&amp;O)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Paint M&amp;ask…</source>
        <translation>绘制蒙版(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paint the mask over the image</source>
        <translation>在图片上绘制蒙版</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0: close to the image; 1: close to the prompt.</source>
        <translation>0：接近原图；1：接近提示词。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;trength</source>
        <translation>强度(&amp;T)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Top</source>
        <translation>上</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bottom</source>
        <translation>下</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Left</source>
        <translation>左</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Right</source>
        <translation>右</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Grow the %1 side by</source>
        <translation>%1侧扩展倍数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>2.00×</source>
        <translation>2.00×</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+32"/>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>%1: 1.0–2.0 times the image&apos;s extent on this side (1.0: not grown).</source>
        <translation>%1：该侧为图片范围的 1.0–2.0 倍（1.0：不扩展）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The grown canvas: the image stays where it is drawn, the model fills the hatched space.</source>
        <translation>扩展后的画布：图片保持在绘制的位置，模型填充阴影线区域。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Grow</source>
        <translation>扩展</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Upscale factor</source>
        <translation>放大倍数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1–4 times the width and height (1: sharpen only).</source>
        <translation>宽和高的 1–4 倍（1：仅锐化）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Upscale</source>
        <translation>放大(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image is a line sketch</source>
        <translation>图片是线稿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image is a sketch</source>
        <translation>图片是草图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On: only its lines are followed. Off: its colours are kept too (a doodle).</source>
        <translation>开：只遵循线条。关：同时保留颜色（涂鸦）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sketch</source>
        <translation>草图</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Required: paint it (Paint Mask…), or choose, drop or paste a black-and-white image.</source>
        <translation>必需：绘制蒙版（绘制蒙版…），或选择、拖放、粘贴一张黑白图片。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Image %1</source>
        <translation>图片 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Move image %1 up</source>
        <translation>将图片 %1 上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up (or drag the image onto another slot)</source>
        <translation>上移（或将图片拖到另一个位置）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move image %1 down</source>
        <translation>将图片 %1 下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down (or drag the image onto another slot)</source>
        <translation>下移（或将图片拖到另一个位置）</translation>
    </message>
    <message>
        <location line="+155"/>
        <source>%1 × %2 → %3 × %4 px</source>
        <translation>%1 × %2 → %3 × %4 像素</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>(no image yet)</source>
        <translation>（尚无图片）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The mask is %1; it must be the size of the image, %2. Paint it again.</source>
        <translation>蒙版为 %1；它必须与图片同尺寸（%2）。请重新绘制。</translation>
    </message>
</context>
<context>
    <name>GalleryDeletion</name>
    <message>
        <location filename="../../app/widgets/gallerydeletion.cpp" line="+47"/>
        <source>Delete this image?</source>
        <translation>删除这张图片？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete this video?</source>
        <translation>删除这个视频？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this task?</source>
        <translation>删除这个任务？</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+111"/>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <location line="-111"/>
        <location line="+111"/>
        <source>%1 images</source>
        <translation>%1 张图片</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+111"/>
        <source>1 video</source>
        <translation>1 个视频</translation>
    </message>
    <message>
        <location line="-111"/>
        <location line="+111"/>
        <source>%1 videos</source>
        <translation>%1 个视频</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>1 task</source>
        <translation>1 个任务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 tasks</source>
        <translation>%1 个任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 task without files</source>
        <translation>1 个没有文件的任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 tasks without files</source>
        <translation>%1 个没有文件的任务</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 and %2</source>
        <translation>%1和%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete %1?</source>
        <translation>删除%1？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It has no files, so nothing is removed from disk. You can undo this.</source>
        <translation>它没有文件，因此不会从磁盘删除任何内容。此操作可以撤销。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>They have no files, so nothing is removed from disk. You can undo this.</source>
        <translation>它们没有文件，因此不会从磁盘删除任何内容。此操作可以撤销。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file goes to the Trash; you can undo this.</source>
        <translation>文件会移到回收站；此操作可以撤销。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The files go to the Trash; you can undo this.</source>
        <translation>文件会移到回收站；此操作可以撤销。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has no Trash, so the file will be deleted for good. This cannot be undone.</source>
        <translation>%1 没有回收站，因此文件将被永久删除。此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has no Trash, so the files will be deleted for good. This cannot be undone.</source>
        <translation>%1 没有回收站，因此这些文件将被永久删除。此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The task without files deletes no files.</source>
        <translation>没有文件的任务不会删除任何文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The %1 tasks without files delete no files.</source>
        <translation>%1 个没有文件的任务不会删除任何文件。</translation>
    </message>
    <message>
        <location line="+53"/>
        <location line="+8"/>
        <location line="+19"/>
        <location line="+14"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete for Good</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1 item</source>
        <translation>1 项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 items</source>
        <translation>%1 项</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not everything could be deleted: %1</source>
        <translation>未能全部删除：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted %1 for good.</source>
        <translation>已永久删除%1。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not everything could be moved to the Trash: %1</source>
        <translation>未能全部移到回收站：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted %1.</source>
        <translation>已删除%1。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Restored %1.</source>
        <translation>已恢复%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo Delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&amp;Undo Delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo Delete of %1</source>
        <translation>撤销删除%1(&amp;U)</translation>
    </message>
</context>
<context>
    <name>GalleryFilterBar</name>
    <message>
        <location filename="../../ui/galleryfilterbar.ui" line="+22"/>
        <source>Search prompts (Ctrl+F)</source>
        <translation>搜索提示词（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search prompts</source>
        <translation>搜索提示词</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show images, videos or both</source>
        <translation>显示图片、视频或两者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by kind</source>
        <translation>按类型筛选</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Filter by model</source>
        <translation>按模型筛选</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>★ Favourites</source>
        <translation>★ 收藏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show only starred images</source>
        <translation>只显示加了星标的图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only favourites</source>
        <translation>只显示收藏</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../../app/widgets/galleryfilterbar.cpp" line="+324"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter by size, date and state</source>
        <translation>按尺寸、日期和状态筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More filters</source>
        <translation>更多筛选条件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Number of images shown</source>
        <translation>显示的图片数量</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Sort order</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <location filename="../../app/widgets/galleryfilterbar.cpp" line="-288"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+97"/>
        <location line="+28"/>
        <source>%1 of 1 image</source>
        <translation>%1 / 1 张图片</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+27"/>
        <source>%1 of %2 images</source>
        <translation>%1 / %2 张图片</translation>
    </message>
    <message numerus="yes">
        <location line="-25"/>
        <location line="+27"/>
        <source>%1 of %Ln video(s)</source>
        <translation>
            <numerusform>%1 / %Ln 个视频</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-25"/>
        <location line="+24"/>
        <source>%1 of %Ln item(s)</source>
        <translation>
            <numerusform>%1 / %Ln 项</numerusform>
        </translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+9"/>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <location line="+12"/>
        <source>%1 images</source>
        <translation>%1 张图片</translation>
    </message>
    <message numerus="yes">
        <location line="-20"/>
        <location line="+9"/>
        <source>%Ln video(s)</source>
        <translation>
            <numerusform>%Ln 个视频</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-7"/>
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln 项</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Filters (%1)</source>
        <translation>筛选（%1）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 more filters narrow the gallery: size, date or demo results</source>
        <translation>另有 %1 个筛选条件在缩小图库范围：尺寸、日期或演示结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter by size and date, or hide demo results</source>
        <translation>按尺寸和日期筛选，或隐藏演示结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Oldest first</source>
        <translation>最早的在前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
</context>
<context>
    <name>GalleryFilters</name>
    <message>
        <location filename="../../app/widgets/galleryfilters.cpp" line="+42"/>
        <source>&amp;Hide demo results</source>
        <translation>隐藏演示结果(&amp;H)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Filter by size</source>
        <translation>按尺寸筛选</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter by creation date</source>
        <translation>按创建日期筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Between…</source>
        <translation>指定日期范围…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Created:</source>
        <translation>创建时间(&amp;C)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Created on or after</source>
        <translation>创建于此日期当天或之后</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created on or before</source>
        <translation>创建于此日期当天或之前</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Leave out what the built-in simulator made in demo mode.</source>
        <translation>不显示内置模拟器在演示模式下生成的内容。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Any size</source>
        <translation>任意尺寸</translation>
    </message>
</context>
<context>
    <name>GalleryGroupModel</name>
    <message>
        <location filename="../../app/models/gallerygroupmodel.cpp" line="+299"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 images</source>
        <translation>%1 张图片</translation>
    </message>
</context>
<context>
    <name>GalleryGroupingMenu</name>
    <message>
        <location filename="../../app/widgets/gallerygroupingmenu.cpp" line="+40"/>
        <source>&amp;Group Gallery By</source>
        <translation>图库分组方式(&amp;G)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;None</source>
        <translation>不分组(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Day</source>
        <translation>按天(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Task</source>
        <translation>按任务(&amp;T)</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <location filename="../../app/models/gallerymodel.cpp" line="+315"/>
        <source>seed %1</source>
        <translation>随机种子 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>video, %1</source>
        <translation>视频，%1</translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <location filename="../../app/widgets/galleryview.cpp" line="+96"/>
        <source>Video failed: %1</source>
        <translation>视频生成失败：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image failed: %1</source>
        <translation>图片生成失败：%1</translation>
    </message>
    <message>
        <location line="+321"/>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>GenerationRequest</name>
    <message>
        <location filename="../../app/domain/generationrequest.cpp" line="+40"/>
        <source>text-to-image</source>
        <translation>文生图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>image editing</source>
        <translation>图像编辑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>text-to-video</source>
        <translation>文生视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>image-to-video</source>
        <translation>图生视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first-and-last-frame video</source>
        <translation>首尾帧生视频</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last frame</source>
        <translation>尾帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>driving audio</source>
        <translation>驱动音频</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 takes no input files (given: %2); remove them.</source>
        <translation>%1 不接受输入文件（已提供：%2）；请移除。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 does not take a %2 input (given: %3); it takes: %4.</source>
        <translation>%1 不接受%2输入（已提供：%3）；它接受：%4。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number of %1 inputs %2 is not allowed; %3 takes exactly %4.</source>
        <translation>%1输入数量 %2 不被允许；%3 只接受 %4 个。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Number of %1 inputs %2 is outside %3–%4, the range %5 allows.</source>
        <translation>%1输入数量 %2 超出 %5 允许的范围 %3–%4。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A %1 input has neither a file nor a URL; choose a file for it.</source>
        <translation>有一个%1输入既没有文件也没有 URL；请为它选择文件。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 makes videos of one fixed length (given: %2 s); leave the duration at the model&apos;s default.</source>
        <translation>%1 只生成固定时长的视频（已提供：%2 秒）；请将时长保留为模型默认值。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Duration %1 s is not allowed; %2 allows %3.</source>
        <translation>时长 %1 秒不被允许；%2 允许 %3。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 takes no resolution tier (given: %2); its size sets the resolution.</source>
        <translation>%1 不接受分辨率档位（已提供：%2）；分辨率由尺寸决定。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resolution %1 is not one %2 offers: %3.</source>
        <translation>分辨率 %1 不在 %2 提供的选项中：%3。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 takes no aspect ratio (given: %2); its size or input image sets it.</source>
        <translation>%1 不接受宽高比（已提供：%2）；宽高比由尺寸或输入图片决定。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aspect ratio %1 is not one %2 offers: %3.</source>
        <translation>宽高比 %1 不在 %2 提供的选项中：%3。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 does not make sound; switch audio off.</source>
        <translation>%1 不生成声音；请关闭音频。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 takes no shot type (given: %2); leave it empty.</source>
        <translation>%1 不接受镜头类型（已提供：%2）；请留空。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shot type “%1” is not one %2 offers: %3.</source>
        <translation>镜头类型“%1”不在 %2 提供的选项中：%3。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The function %1 takes no %2 (given: %3); it is for %4 only.</source>
        <translation>功能 %1 不接受%2（给出：%3）；它仅用于 %4。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 takes no %2 (given: %3); leave it at its default.</source>
        <translation>%1 不接受%2（给出：%3）；请保持默认值。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>expand scales</source>
        <translation>扩展比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>top %1, bottom %2, left %3, right %4</source>
        <translation>上 %1，下 %2，左 %3，右 %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>upscale factor</source>
        <translation>放大倍数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>sketch flag</source>
        <translation>草图标记</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 takes no editing function (given: %2); leave it empty.</source>
        <translation>%1 不接受编辑功能（已提供：%2）；请留空。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose what %1 should do: %2.</source>
        <translation>请选择 %1 要执行的功能：%2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Editing function “%1” is not one %2 offers: %3.</source>
        <translation>编辑功能“%1”不在 %2 提供的选项中：%3。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Strength %1 is outside 0–1, the range %2 allows.</source>
        <translation>强度 %1 超出 %2 允许的范围 0–1。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The expand scale %1 is %2; each side may grow by 1.0–2.0 times.</source>
        <translation>扩展比例 %1 为 %2；每一侧可扩展 1.0–2.0 倍。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Upscale factor %1 is outside 1–4, the range %2 allows (1 enhances without enlarging).</source>
        <translation>放大倍数 %1 超出 %2 允许的范围 1–4（1 表示只增强不放大）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The function %1 needs a mask: a black-and-white image the size of the base image, white where it should change.</source>
        <translation>功能 %1 需要蒙版：一张与底图同尺寸的黑白图片，白色处为要改变的部分。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The function %1 takes no mask (given: %2); only description_edit_with_mask does. Remove the mask or choose that function.</source>
        <translation>功能 %1 不接受蒙版（给出：%2）；只有 description_edit_with_mask 接受。请移除蒙版或选择该功能。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose a model.</source>
        <translation>请选择模型。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The model “%1” is not in the catalog. Models served in %2: %3.</source>
        <translation>模型“%1”不在模型目录中。%2地域提供的模型：%3。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The model %1 is not served in %2, where the same model is called %3.</source>
        <translation>%2地域不提供模型 %1，同一模型在该地域名为 %3。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model %1 is not served in %2; it is served in %3. Choose another model or region.</source>
        <translation>%2地域不提供模型 %1，%3地域提供。请选择其他模型或地域。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The model %1 is for %2; this request is for %3. Choose a model for %3.</source>
        <translation>模型 %1 用于%2，而此请求是%3。请选择用于%3的模型。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The prompt is empty; describe the image you want.</source>
        <translation>提示词为空；请描述您想要的图片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The prompt is empty; describe the change you want.</source>
        <translation>提示词为空；请描述您想要的修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The prompt is empty; describe the video you want.</source>
        <translation>提示词为空；请描述您想要的视频。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 does not accept a negative prompt; leave it empty.</source>
        <translation>%1 不支持反向提示词；请留空。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 takes no size (given: %2); the result has the size of the base image, grown by expand or enlarged by super_resolution.</source>
        <translation>%1 不接受尺寸（给出：%2）；结果与底图同尺寸，可通过 expand 扩展或 super_resolution 放大。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Number of videos %1 is not allowed; %2 makes exactly %3.</source>
        <translation>视频数量 %1 不被允许；%2 只生成 %3 个。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Number of images %1 is not allowed; %2 makes exactly %3.</source>
        <translation>不能生成 %1 张图片；%2 固定生成 %3 张。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Number of images %1 is outside %2–%3, the range %4 allows.</source>
        <translation>图片数量 %1 超出了 %4 允许的范围 %2–%3。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Seed %1 is outside the allowed range 0–%2.</source>
        <translation>随机种子 %1 超出了允许的范围 0–%2。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The prompt has %1 characters; %2 reads only the first %3 and ignores the rest.</source>
        <translation>提示词有 %1 个字符；%2 只读取前 %3 个，其余部分会被忽略。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The negative prompt has %1 characters; %2 reads only the first %3 and ignores the rest.</source>
        <translation>反向提示词有 %1 个字符；%2 只读取前 %3 个，其余部分会被忽略。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A shot type works only with prompt extension; %1 ignores it while prompt extension is off.</source>
        <translation>镜头类型仅在开启智能改写时生效；智能改写关闭时 %1 会忽略它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 does not add a watermark; the option is ignored.</source>
        <translation>%1 不会添加水印；此选项将被忽略。</translation>
    </message>
</context>
<context>
    <name>ImageActions</name>
    <message>
        <location filename="../../app/widgets/imageactions.cpp" line="+171"/>
        <source>%1 carries no generation settings.</source>
        <translation>%1 中没有生成设置。</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>&amp;Delete %1 Images…</source>
        <translation>删除 %1 张图片(&amp;D)…</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Save %1 Images To…</source>
        <translation>将 %1 张图片保存到(&amp;S)…</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>&amp;Save As…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Compare works on the gallery&apos;s selection: go back to the gallery (Esc) and select two to four images.</source>
        <translation>对比作用于图库中的选择：请返回图库（Esc）并选择两到四张图片。</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>The selected images side by side, zoomed and panned together</source>
        <translation>将所选图片并排显示，一起缩放和平移</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>&amp;Delete %n Items…</source>
        <translation>
            <numerusform>删除 %n 项(&amp;D)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>&amp;Save %n Items To…</source>
        <translation>
            <numerusform>将 %n 项保存到(&amp;S)…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Copy Video</source>
        <translation>复制视频(&amp;C)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Copy Videos</source>
        <translation>复制视频(&amp;C)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Save Image As</source>
        <translation>图片另存为</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save Video As</source>
        <translation>视频另存为</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MP4 videos (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Save %n Items To</source>
        <translation>
            <numerusform>将 %n 项保存到</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save %1 Images To</source>
        <translation>将 %1 张图片保存到</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These files could not be written:
%1</source>
        <translation>无法写入以下文件：
%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved 1 image.</source>
        <translation>已保存 1 张图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved %1 images.</source>
        <translation>已保存 %1 张图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved %1.</source>
        <translation>已保存%1。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Image copied.</source>
        <translation>已复制图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 images copied as files.</source>
        <translation>已将 %1 张图片作为文件复制。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 copied as files: paste them in a file manager or a chat.</source>
        <translation>已将%1作为文件复制：可粘贴到文件管理器或聊天窗口中。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Prompt copied.</source>
        <translation>已复制提示词。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>cURL command copied. It reads the key from $DASHSCOPE_API_KEY and the input images from their files.</source>
        <translation>已复制 cURL 命令。它从 $DASHSCOPE_API_KEY 读取 API Key，并从各自的文件读取输入图片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cURL command copied. It reads the key from $DASHSCOPE_API_KEY.</source>
        <translation>已复制 cURL 命令。它从 $DASHSCOPE_API_KEY 读取 API Key。</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Started 1 task again.</source>
        <translation>已重新开始 1 个任务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started %1 tasks again.</source>
        <translation>已重新开始 %1 个任务。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Its settings do not pass the model&apos;s rules any more: %1 Use Reuse Settings (Ctrl+R) to fix them in the form.</source>
        <translation>其设置已不符合模型的规则：%1 请使用“复用设置”（Ctrl+R）在表单中修正。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Open Image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images and MP4 videos (*.png *.mp4);;All files (*)</source>
        <translation>PNG 图片和 MP4 视频 (*.png *.mp4);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+4"/>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+4"/>
        <source>%1 images</source>
        <translation>%1 张图片</translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <location line="+3"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n 个视频</numerusform>
        </translation>
    </message>
    <message>
        <location line="-2"/>
        <source>%1 and %2</source>
        <translation>%1和%2</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../app/widgets/imageviewer.cpp" line="+58"/>
        <source>Image viewer</source>
        <translation>图片查看器</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to the gallery (Esc)</source>
        <translation>返回图库（Esc）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previous</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Previous image (Left)</source>
        <translation>上一张图片（左方向键）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next image (Right)</source>
        <translation>下一张图片（右方向键）</translation>
    </message>
    <message>
        <location line="+474"/>
        <source>The comparison always fits the window; press C to zoom the image itself</source>
        <translation>前后对比始终适合窗口；按 C 可缩放图片本身</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom: wheel, + and -, 0 fits the window, 1 is 100 %</source>
        <translation>缩放：滚轮、+ 和 -，0 适合窗口，1 为 100%</translation>
    </message>
    <message>
        <location line="-472"/>
        <location line="+362"/>
        <source>Fill the prompt form with the settings of this image</source>
        <translation>用这张图片的设置填写提示词表单</translation>
    </message>
    <message>
        <location line="-363"/>
        <source>&amp;Reuse Settings</source>
        <translation>复用设置(&amp;R)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Image file</source>
        <translation>图片文件</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../app/widgets/imageviewerpanel.cpp" line="+31"/>
        <location line="+46"/>
        <source>Image details</source>
        <translation>图片详情</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Demo result (made by the built-in simulator, not by Model Studio)</source>
        <translation>演示结果（由内置模拟器生成，并非百炼生成）</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>This video carries no generation settings.</source>
        <translation>此视频不含生成设置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This PNG carries no generation settings.</source>
        <translation>此 PNG 中没有生成设置。</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../app/widgets/imageviewer.cpp" line="-25"/>
        <source>&amp;Compare</source>
        <translation>对比(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare with the image it was made from (C): drag the divider, press B to flip between before and after</source>
        <translation>与其来源图片对比（C）：拖动分隔线，按 B 在之前和之后之间切换</translation>
    </message>
    <message>
        <location filename="../../app/widgets/imageviewerpanel.cpp" line="+1"/>
        <source>Extended prompt</source>
        <translation>改写后的提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task ID</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/widgets/imageviewerdecode.cpp" line="+23"/>
        <source>at %1 × %2 pixels it is larger than the viewer can show.</source>
        <translation>它有 %1 × %2 像素，超出查看器能显示的大小。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the file is not there any more.</source>
        <translation>文件已不存在。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the file cannot be read (check its permissions).</source>
        <translation>无法读取文件（请检查其权限）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it is not an image this program can read.</source>
        <translation>它不是本程序能读取的图片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the image data is damaged or incomplete.</source>
        <translation>图片数据已损坏或不完整。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/imageviewer.cpp" line="+322"/>
        <source>Fill the prompt form with the settings of this video</source>
        <translation>用此视频的设置填写提示词表单</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>%1 — cannot be shown: %2</source>
        <translation>%1 — 无法显示：%2</translation>
    </message>
    <message>
        <location line="-86"/>
        <location line="+92"/>
        <location filename="../../app/widgets/imageviewerpanel.cpp" line="+52"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
</context>
<context>
    <name>InputFileCheck</name>
    <message>
        <location filename="../../app/engine/inputfilecheck.cpp" line="+14"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last frame</source>
        <translation>尾帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Driving audio</source>
        <translation>驱动音频</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 does not exist; choose another file.</source>
        <translation>%1 不存在；请选择其他文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is %2; the %3 may be at most %4.</source>
        <translation>%1 为 %2；%3最大为 %4。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not %2; choose such a file.</source>
        <translation>%1 不是 %2；请选择这样的文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not an image this program can read; choose a JPEG or PNG file.</source>
        <translation>%1 不是本程序能读取的图片；请选择 JPEG 或 PNG 文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is %2; the %3 must be %4.</source>
        <translation>%1 为 %2；%3必须为 %4。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is %2 × %3 px; each side must be %4–%5 px.</source>
        <translation>%1 为 %2 × %3 像素；每边必须为 %4–%5 像素。</translation>
    </message>
</context>
<context>
    <name>InputPreparation</name>
    <message>
        <location filename="../../app/engine/inputpreparer.cpp" line="+90"/>
        <source>Input %1 has neither a file nor a URL.</source>
        <translation>输入 %1 既没有文件也没有 URL。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is %2 MB; input files may be at most %3 MB.</source>
        <translation>%1 大小为 %2 MB；输入文件最大 %3 MB。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is not a file the service takes (JPEG, PNG, BMP, WEBP or TIFF images; MP3 or WAV audio).</source>
        <translation>%1 不是服务接受的文件（JPEG、PNG、BMP、WEBP 或 TIFF 图片；MP3 或 WAV 音频）。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cannot write a temporary copy of %1 without its transparency: %2</source>
        <translation>无法写入去除透明度后的 %1 临时副本：%2</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>%1 is a %2 image; %3 takes %4 images only.</source>
        <translation>%1 是 %2 图片；%3 只接受 %4 图片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is %2 MB; %3 takes images of at most %4 MB.</source>
        <translation>%1 大小为 %2 MB；%3 接受的图片最大 %4 MB。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 cannot be read as an image; save it again as JPEG or PNG.</source>
        <translation>无法将 %1 读取为图片；请重新保存为 JPEG 或 PNG。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is %2×%3 px; %4 takes images %5 to %6 px a side. Resize it and try again.</source>
        <translation>%1 为 %2×%3 像素；%4 接受每边 %5 至 %6 像素的图片。请调整大小后重试。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 could not be flattened (its transparency removed).</source>
        <translation>无法拼合 %1（去除其透明度）。</translation>
    </message>
    <message>
        <location filename="../../app/engine/inputfilecheck.cpp" line="+34"/>
        <location filename="../../app/engine/inputpreparer.cpp" line="+26"/>
        <source>The mask %1 is %2×%3 px; it must be the size of the base image %4, %5×%6 px. Make the mask at that size.</source>
        <translation>蒙版 %1 为 %2×%3 像素；它必须与底图 %4 同尺寸（%5×%6 像素）。请按该尺寸制作蒙版。</translation>
    </message>
    <message>
        <location filename="../../app/engine/inputpreparer.cpp" line="+42"/>
        <source>The mask %1 is not black and white: %2 % of its pixels are grey or coloured. Paint white where the image should change and black where it should stay.</source>
        <translation>蒙版 %1 不是黑白的：%2% 的像素为灰色或彩色。请在要改变处涂白，要保留处涂黑。</translation>
    </message>
</context>
<context>
    <name>InputSlot</name>
    <message>
        <location filename="../../app/widgets/inputslot.cpp" line="+53"/>
        <source>%1–%2 px a side</source>
        <translation>每边 %1–%2 像素</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>up to %1</source>
        <translation>最大 %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+105"/>
        <source>%1 preview</source>
        <translation>%1预览</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+142"/>
        <source>Choose the %1</source>
        <translation>选择%1</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the image on the clipboard</source>
        <translation>使用剪贴板中的图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste the %1</source>
        <translation>粘贴%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the %1</source>
        <translation>清除%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+81"/>
        <source>%1 status</source>
        <translation>%1状态</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Required: choose, drop or paste a file.</source>
        <translation>必填：选择、拖放或粘贴一个文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required: choose, drop or paste a file (%1).</source>
        <translation>必填：选择、拖放或粘贴一个文件（%1）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional: choose, drop or paste a file.</source>
        <translation>可选：选择、拖放或粘贴一个文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional: choose, drop or paste a file (%1).</source>
        <translation>可选：选择、拖放或粘贴一个文件（%1）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Audio (*.mp3 *.wav)</source>
        <translation>音频 (*.mp3 *.wav)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The clipboard holds no image; copy one first.</source>
        <translation>剪贴板中没有图片；请先复制一张。</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <location filename="../../app/library/libraryreads.cpp" line="+23"/>
        <source>The library %1 is damaged (%2). DashScope Studio has not changed it. Move the file aside or restore it from a backup, then start again: a new, empty library is made in its place.</source>
        <translation>资料库 %1 已损坏（%2）。DashScope Studio 未对其做任何改动。请将该文件移走或从备份恢复，然后重新启动：程序会在原位置新建一个空资料库。</translation>
    </message>
    <message>
        <location filename="../../app/library/library.cpp" line="+56"/>
        <source>The library is not open, so nothing can be saved.</source>
        <translation>资料库未打开，无法保存任何内容。</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+304"/>
        <source>The changes were abandoned and nothing was saved.</source>
        <translation>更改已放弃，未保存任何内容。</translation>
    </message>
    <message>
        <location line="-213"/>
        <source>The folder %1 cannot be created.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The library %1 cannot be created because the folder %2 cannot be written. Choose another folder, or ask for permission to write to it.</source>
        <translation>无法创建资料库 %1，因为文件夹 %2 不可写入。请选择其他文件夹，或申请该文件夹的写入权限。</translation>
    </message>
    <message>
        <location line="+52"/>
        <location filename="../../app/library/libraryreads.cpp" line="+462"/>
        <source>The library %1 cannot be opened: %2</source>
        <translation>无法打开资料库 %1：%2</translation>
    </message>
    <message>
        <location line="+44"/>
        <location filename="../../app/library/schema.cpp" line="+88"/>
        <source>The library was written by a newer version of DashScope Studio (schema %1; this version knows up to %2). Update the program to open it.</source>
        <translation>此资料库由更新版本的 DashScope Studio 写入（架构版本 %1；本版本最高支持 %2）。请更新程序后再打开。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The library %1 was made by an older version of DashScope Studio and must be upgraded before it can be read, but it cannot be written. Make the file and its folder writable, then open it again.</source>
        <translation>资料库 %1 由旧版 DashScope Studio 创建，需要升级后才能读取，但它不可写入。请让该文件及其文件夹可写，然后重新打开。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing can be saved in the library %1 because it is open read-only: the file or its folder cannot be written. Ask for permission to write to them, or copy the library to a folder of your own.</source>
        <translation>资料库 %1 以只读方式打开，无法保存任何内容：该文件或其文件夹不可写入。请申请写入权限，或将资料库复制到您自己的文件夹中。</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>The task could not be saved because it was never added to the library.</source>
        <translation>无法保存该任务，因为它从未被加入资料库。</translation>
    </message>
    <message>
        <location filename="../../app/library/schema.cpp" line="-12"/>
        <source>The library could not be upgraded to schema %1: %2</source>
        <translation>无法将资料库升级到架构版本 %1：%2</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>this build of the program lacks the step</source>
        <translation>本程序版本缺少该步骤</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The library could not be upgraded to schema %1: row %2 of table %3 refers to a row that does not exist.</source>
        <translation>无法将资料库升级到架构版本 %1：表 %3 的第 %2 行引用了不存在的行。</translation>
    </message>
    <message>
        <location filename="../../app/library/librarywrites.cpp" line="+177"/>
        <source>The task could not be saved: the library %1 has no task %2 (it may have been deleted).</source>
        <translation>无法保存任务：资料库 %1 中没有任务 %2（可能已被删除）。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The image could not be saved in the library %1: its row is missing after it was written.</source>
        <translation>无法在资料库 %1 中保存图片：写入后找不到其记录。</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>%1 could not be deleted: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <location filename="../../app/library/libraryresult.cpp" line="+72"/>
        <source>The library %1 could not be saved because the disk is full (%2). Free some space on that disk and try again.</source>
        <translation>无法保存资料库 %1，因为磁盘已满（%2）。请在该磁盘上释放一些空间后重试。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The library %1 could not be saved because it is read-only (%2). Check that you may write to the file and to its folder.</source>
        <translation>无法保存资料库 %1，因为它是只读的（%2）。请检查您是否有该文件及其文件夹的写入权限。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The library %1 is locked by another program, perhaps a second DashScope Studio window or command (%2). Try again when it has finished.</source>
        <translation>资料库 %1 被其他程序锁定，可能是另一个 DashScope Studio 窗口或命令（%2）。请待其结束后重试。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The library %1 is damaged (%2). Quit DashScope Studio, move the file aside or restore it from a backup, and start again.</source>
        <translation>资料库 %1 已损坏（%2）。请退出 DashScope Studio，将该文件移走或从备份恢复，然后重新启动。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The library %1 could not be read or written because of an input/output error (%2). Check the disk, then try again.</source>
        <translation>由于输入/输出错误（%2），无法读写资料库 %1。请检查磁盘后重试。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The library %1 cannot be opened (%2). Check that its folder exists and that you may write to it.</source>
        <translation>无法打开资料库 %1（%2）。请检查其文件夹是否存在，以及您是否有写入权限。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The library %1 refused the change because it contradicts what is stored (%2).</source>
        <translation>资料库 %1 拒绝了该更改，因为它与已保存的内容冲突（%2）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The library %1 could not be changed (%2).</source>
        <translation>无法更改资料库 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../app/library/librarytrash.cpp" line="+52"/>
        <source>The library %1 has no table %2: it may have been changed by another program. Nothing was deleted.</source>
        <translation>资料库 %1 中没有表 %2：它可能被其他程序修改过。未删除任何内容。</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>there is no Trash for it</source>
        <translation>它没有回收站</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 could not be moved to the Trash: %2</source>
        <translation>无法将 %1 移到回收站：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is no longer in the Trash, so it could not be brought back.</source>
        <translation>%1 已不在回收站中，因此无法恢复。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 was not brought back from the Trash: another file has its name now.</source>
        <translation>未从回收站恢复 %1：现在已有另一个文件使用这个名称。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 could not be brought back from the Trash: %2</source>
        <translation>无法从回收站恢复 %1：%2</translation>
    </message>
</context>
<context>
    <name>LineageStrip</name>
    <message>
        <location filename="../../app/widgets/lineagestrip.cpp" line="+25"/>
        <location line="+259"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="-257"/>
        <source>Mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last frame</source>
        <translation>尾帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+3"/>
        <source>Made from</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>Used in</source>
        <translation>用于</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>In the library: %1</source>
        <translation>在图库中：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not in the library; the file is still at %1</source>
        <translation>不在图库中；文件仍在 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleted: no longer in the library or on disk (was %1)</source>
        <translation>已删除：已不在图库或磁盘上（原为 %1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sent as a link: %1</source>
        <translation>以链接发送：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: %2
%3
SHA-256 %4</source>
        <translation>%1：%2
%3
SHA-256 %4</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link</source>
        <translation>链接</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1
%2
%3</source>
        <translation>%1
%2
%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>and %n more</source>
        <translation>
            <numerusform>还有 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.ui" line="+13"/>
        <location line="+3"/>
        <source>DashScope Studio</source>
        <translation>DashScope Studio</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Demo mode notice</source>
        <translation>演示模式提示</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&lt;b&gt;Demo mode&lt;/b&gt; — pictures come from the built-in simulator, not Model Studio. Add an API key for real ones.</source>
        <translation>&lt;b&gt;演示模式&lt;/b&gt; — 图片来自内置模拟器，而不是阿里云百炼。添加 API Key 即可生成真实图片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add API Key…</source>
        <translation>添加 API Key…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add API Key</source>
        <translation>添加 API Key</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Prompt form</source>
        <translation>提示词表单</translation>
    </message>
    <message>
        <location line="+31"/>
        <location filename="../../app/widgets/helpwindows.cpp" line="+175"/>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Image</source>
        <translation>图片(&amp;I)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Tasks</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a task with the prompt form&apos;s settings (Ctrl+Enter)</source>
        <translation>按提示词表单中的设置开始一个任务（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open Image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show any PNG and the generation settings it carries</source>
        <translation>查看任意 PNG 图片及其中记录的生成设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;Task ID…</source>
        <translation>打开任务 ID(&amp;T)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow a task created elsewhere (cURL, another machine) and save its images here</source>
        <translation>跟踪在别处（cURL、另一台电脑）创建的任务，并把其图片保存到这里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add API &amp;Key…</source>
        <translation>添加 API Key(&amp;K)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add your Model Studio API key to generate real images</source>
        <translation>添加您的百炼 API Key，以生成真实图片</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View Image</source>
        <translation>查看图片(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reuse Settings</source>
        <translation>复用设置(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the prompt form with the settings of the image, without starting anything</source>
        <translation>用这张图片的设置填写提示词表单，但不开始任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run &amp;Again</source>
        <translation>再次运行(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new task with exactly the same request, seed included (failed and expired ones too)</source>
        <translation>用完全相同的请求（包括随机种子）开始新任务（失败和已过期的任务也可以）</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Start a new task with exactly the same request, seed included</source>
        <translation>用完全相同的请求（包括随机种子）开始新任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Vary Task</source>
        <translation>变体任务(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new task with the same request and a new seed</source>
        <translation>用相同的请求和新的随机种子开始新任务</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>&amp;Vary</source>
        <translation>变体(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another take: a new task with the same request and a new seed</source>
        <translation>再来一版：用相同的请求和新的随机种子开始新任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A&amp;nimate…</source>
        <translation>生成动画(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the video form with this image as the first frame</source>
        <translation>以此图片为首帧打开视频表单</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Video &amp;Between These Images…</source>
        <translation>在这两张图片之间生成视频(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the video form with the two selected images as first and last frame</source>
        <translation>以选中的两张图片为首帧和尾帧打开视频表单</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit Image…</source>
        <translation>编辑图片(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the edit form with this image: change, inpaint, outpaint, upscale or restyle it</source>
        <translation>用此图片打开编辑表单：修改、局部重绘、扩图、放大或换风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit Image from &amp;Clipboard</source>
        <translation>编辑剪贴板中的图片(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the edit form with the image on the clipboard</source>
        <translation>用剪贴板中的图片打开编辑表单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Favourite</source>
        <translation>收藏(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Save As…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copy Image</source>
        <translation>复制图片(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+C</source>
        <translation>Ctrl+C</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy &amp;Prompt</source>
        <translation>复制提示词(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show in &amp;File Manager</source>
        <translation>在文件管理器中显示(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Cancel Task</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Retry Task</source>
        <translation>重试任务(&amp;R)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy Task &amp;ID</source>
        <translation>复制任务 ID(&amp;I)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy Re&amp;quest ID</source>
        <translation>复制请求 ID(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy as c&amp;URL</source>
        <translation>复制为 cURL 命令(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The task&apos;s create request as a cURL command, with $DASHSCOPE_API_KEY in place of the key</source>
        <translation>把该任务的创建请求复制为 cURL 命令，用 $DASHSCOPE_API_KEY 代替 API Key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy Request as c&amp;URL</source>
        <translation>将请求复制为 cURL 命令(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The create request that made this image, as a cURL command, with $DASHSCOPE_API_KEY in place of the key</source>
        <translation>把生成这张图片的创建请求复制为 cURL 命令，用 $DASHSCOPE_API_KEY 代替 API Key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search Prompts</source>
        <translation>搜索提示词(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Clear Filters</source>
        <translation>清除筛选条件(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every image again: clear the search, model, favourites, size, date and state filters</source>
        <translation>重新显示所有图片：清除搜索、模型、收藏、尺寸、日期和状态筛选条件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Newest First</source>
        <translation>最新的在前(&amp;N)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Oldest First</source>
        <translation>最早的在前(&amp;O)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Gallery</source>
        <translation>图库(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+G</source>
        <translation>Ctrl+G</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About DashScope Studio</source>
        <translation>关于 DashScope Studio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/widgets/mainwindow.cpp" line="+68"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>&amp;Usage and Costs…</source>
        <translation>用量和费用(&amp;U)…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Documentation</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy &amp;System Information</source>
        <translation>复制系统信息(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For a bug report: versions, system and region; never the key</source>
        <translation>用于问题报告：版本、系统和地域；绝不包含 API Key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System information copied: paste it into your report.</source>
        <translation>已复制系统信息：请粘贴到你的报告中。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/helpwindows.cpp" line="+1"/>
        <source>Viewer</source>
        <translation>查看器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video player</source>
        <translation>视频播放器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mask painter</source>
        <translation>蒙版绘制</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../app/widgets/mainwindow.cpp" line="+92"/>
        <source>Thumbnail size</source>
        <translation>缩略图大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+wheel</source>
        <translation>Ctrl+滚轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the selected image</source>
        <translation>打开选中的图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter, double-click</source>
        <translation>Enter、双击</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous / next image</source>
        <translation>上一张 / 下一张图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left / Right, Page Up / Page Down</source>
        <translation>左 / 右，Page Up / Page Down</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in / out</source>
        <translation>放大 / 缩小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+ / -, wheel</source>
        <translation>+ / -、滚轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit to the window / 100 %</source>
        <translation>适合窗口 / 100%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag, scroll bars</source>
        <translation>拖动、滚动条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full screen (Esc leaves)</source>
        <translation>全屏（Esc 退出）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare with the image it was made from</source>
        <translation>与来源图片对比</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flip between before and after</source>
        <translation>在之前和之后之间切换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the gallery</source>
        <translation>返回图库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Space, K</source>
        <translation>空格、K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step a frame back / forward</source>
        <translation>后退 / 前进一帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mute / loop</source>
        <translation>静音 / 循环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brush / eraser</source>
        <translation>画笔 / 橡皮擦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smaller / larger brush</source>
        <translation>缩小 / 放大画笔</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show or hide the mask</source>
        <translation>显示或隐藏蒙版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to fit / zoom</source>
        <translation>适合窗口 / 缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+0 / Ctrl+wheel</source>
        <translation>Ctrl+0 / Ctrl+滚轮</translation>
    </message>
    <message>
        <location filename="../../app/widgets/mainwindow.cpp" line="-60"/>
        <source>Show &amp;Tasks</source>
        <translation>显示任务(&amp;T)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Thumbnail size (Ctrl+wheel over the gallery)</source>
        <translation>缩略图大小（在图库上按 Ctrl+滚轮）</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>&amp;Undo Delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No images yet</source>
        <translation>还没有图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a prompt on the left and press Ctrl+Enter.
Images appear here, newest first. Drop any PNG here to see how it was made.</source>
        <translation>在左侧输入提示词，然后按 Ctrl+Enter。
图片会显示在这里，最新的在前。把任意 PNG 拖到这里，即可查看它是如何生成的。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading the API key…</source>
        <translation>正在读取 API Key…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Demo mode: built-in simulator, no API key</source>
        <translation>演示模式：内置模拟器，无 API Key</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 via %2</source>
        <translation>%1（经由 %2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model Studio · %1</source>
        <translation>阿里云百炼 · %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo mode (built-in simulator)</source>
        <translation>演示模式（内置模拟器）</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>The API key is still being read from the keychain. Press Generate again in a moment.</source>
        <translation>仍在从密钥环读取 API Key。请稍后再按“生成”。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Task started. Its price is unknown, so your monthly budget could not be checked for it.</source>
        <translation>任务已开始。其价格未知，因此无法按您的月度预算进行检查。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Task started (demo: the built-in simulator answers).</source>
        <translation>任务已开始（演示：由内置模拟器响应）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task started.</source>
        <translation>任务已开始。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The prompt form now has these settings; change what it marks before generating.</source>
        <translation>提示词表单已填入这些设置；请先修改表单标出的问题，再生成。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The prompt form now has this video&apos;s settings. Press Ctrl+Enter to generate.</source>
        <translation>提示词表单已填入此视频的设置。按 Ctrl+Enter 生成。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No image editing model is served in %1; choose another region in Settings.</source>
        <translation>%1 不提供图像编辑模型；请在设置中选择其他地域。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Describe the change you want, then press Ctrl+Enter.</source>
        <translation>描述你想要的修改，然后按 Ctrl+Enter。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The clipboard holds no image; copy one first.</source>
        <translation>剪贴板中没有图片；请先复制一张。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Over this month&apos;s budget</source>
        <translation>超出本月预算</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Estimates use the prices in the program; the bill is the service&apos;s.</source>
        <translation>预估使用程序中的价格；以服务账单为准。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Raise This Month&apos;s Budget by %1 and Generate</source>
        <translation>将本月预算提高 %1 并生成</translation>
    </message>
    <message>
        <location line="-293"/>
        <source>Nothing matches</source>
        <translation>没有匹配的图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Star an image (click its star, or Ctrl+D) to find it here.</source>
        <translation>给图片加星标（点击星标或按 Ctrl+D），即可在这里找到它。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try fewer words or filters, or clear them all (Ctrl+Shift+F).</source>
        <translation>请减少关键词或筛选条件，或者全部清除（Ctrl+Shift+F）。</translation>
    </message>
    <message>
        <location line="+197"/>
        <source>The prompt form now has this image&apos;s settings. Press Ctrl+Enter to generate.</source>
        <translation>提示词表单已填入这张图片的设置。按 Ctrl+Enter 即可生成。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No first-and-last-frame video model is served in this region; choose another region in Settings.</source>
        <translation>此地域没有首尾帧生视频模型；请在设置中选择其他地域。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No image-to-video model is served in this region; choose another region in Settings.</source>
        <translation>此地域没有图生视频模型；请在设置中选择其他地域。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Describe the motion (optional), then press Ctrl+Enter.</source>
        <translation>描述运动（可选），然后按 Ctrl+Enter。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>About DashScope Studio</source>
        <translation>关于 DashScope Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;DashScope Studio %1&lt;/h3&gt;&lt;p&gt;A desktop client for Alibaba Cloud Model Studio (DashScope) image generation.&lt;/p&gt;&lt;p&gt;Every task and image is kept in a local library, with the settings that made it written into each PNG.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DashScope Studio %1&lt;/h3&gt;&lt;p&gt;阿里云百炼（DashScope）图像生成的桌面客户端。&lt;/p&gt;&lt;p&gt;每个任务和每张图片都保存在本地资料库中，生成图片所用的设置也会写入每个 PNG 文件。&lt;/p&gt;&lt;p&gt;依据 GNU 通用公共许可证第 3 版或（由您选择的）任何更高版本授权。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/widgets/mainwindowviews.cpp" line="+23"/>
        <source>Co&amp;mpare</source>
        <translation>对比(&amp;M)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The image alone on the whole screen (F11; Esc leaves)</source>
        <translation>整个屏幕只显示图片（F11；Esc 退出）</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Open an image to see it on the whole screen.</source>
        <translation>打开一张图片即可全屏查看。</translation>
    </message>
</context>
<context>
    <name>MaskCanvas</name>
    <message>
        <location filename="../../app/widgets/maskpainter.cpp" line="+68"/>
        <source>Mask canvas</source>
        <translation>蒙版画布</translation>
    </message>
</context>
<context>
    <name>MaskPainter</name>
    <message>
        <location line="+283"/>
        <location line="+1"/>
        <source>Paint Mask</source>
        <translation>绘制蒙版</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paint what the model may change (B)</source>
        <translation>涂抹模型可以改变的部分（B）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take back what the model should keep (E)</source>
        <translation>擦除应由模型保留的部分（E）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brush size in pixels of the image ([ smaller, ] larger)</source>
        <translation>画笔大小，以图片像素计（[ 变小，] 变大）</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+75"/>
        <source>%1 px</source>
        <translation>%1 像素</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销（Ctrl+Z）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the whole mask</source>
        <translation>移除整个蒙版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invert</source>
        <translation>反转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change everything that was kept, and keep what was painted</source>
        <translation>改变所有原本保留的部分，保留已涂抹的部分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show Mask</source>
        <translation>显示蒙版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the tint over the painted parts (H)</source>
        <translation>显示或隐藏涂抹部分上的着色（H）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom to Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole image (Ctrl+0); Ctrl+wheel zooms</source>
        <translation>显示整张图片（Ctrl+0）；Ctrl+滚轮缩放</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Paint over what should change; the rest of the image is kept. [ and ] change the brush size, Ctrl+Z undoes.</source>
        <translation>涂抹要改变的部分；图片其余部分保持不变。[ 和 ] 调整画笔大小，Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Use Mask</source>
        <translation>使用蒙版</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Paint over the part to change first</source>
        <translation>请先涂抹要改变的部分</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>There is no image to paint a mask for.</source>
        <translation>没有可绘制蒙版的图片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder %1 cannot be created; check its permissions.</source>
        <translation>无法创建文件夹 %1；请检查其权限。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The mask could not be written to %1: %2</source>
        <translation>无法将蒙版写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ModelCatalog</name>
    <message>
        <location filename="../../app/domain/modelcatalogtexts.cpp" line="+11"/>
        <source>Detailed scenes in any shape</source>
        <translation>任意比例的细致场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rich detail and lettering</source>
        <translation>丰富细节与文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast drafts</source>
        <translation>快速草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photoreal detail</source>
        <translation>照片级细节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick, cheap variations</source>
        <translation>快速、低价的变体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Varied styles, fine detail</source>
        <translation>风格多样，细节精致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick sketches (older)</source>
        <translation>快速草图（旧版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classic styles (legacy)</source>
        <translation>经典风格（旧版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text in images, posters</source>
        <translation>图中文字、海报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multi-shot videos with sound</source>
        <translation>多镜头有声视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Videos with sound</source>
        <translation>有声视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cinematic motion, silent</source>
        <translation>电影感运动，无声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick video drafts</source>
        <translation>快速视频草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steady 720P clips</source>
        <translation>稳定的 720P 片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any length and aspect ratio</source>
        <translation>任意时长和宽高比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast animation, sound optional</source>
        <translation>快速动画，可选声音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Animating an image, with sound</source>
        <translation>让图片动起来，带声音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast silent animation</source>
        <translation>快速无声动画</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smooth animation up to 1080P</source>
        <translation>流畅动画，最高 1080P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steady 720P animation</source>
        <translation>稳定的 720P 动画</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick short animation</source>
        <translation>快速短动画</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Animation driven by audio</source>
        <translation>音频驱动的动画</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast moves between two frames</source>
        <translation>两帧之间的快速过渡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moves between two frames</source>
        <translation>两帧之间的过渡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Combining up to three images</source>
        <translation>合成最多三张图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inpaint, outpaint, upscale, restyle</source>
        <translation>局部重绘、扩图、放大、换风格</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Fast</source>
        <translation>快</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Standard speed</source>
        <translation>标准速度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Slow</source>
        <translation>慢</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../app/widgets/notifier.cpp" line="+66"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>OssUploadJob</name>
    <message>
        <location filename="../../app/protocol/ossupload.cpp" line="+137"/>
        <source>The upload was canceled.</source>
        <translation>上传已取消。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The upload storage did not answer in time.</source>
        <translation>上传存储未及时响应。</translation>
    </message>
</context>
<context>
    <name>OssUploader</name>
    <message>
        <location line="-90"/>
        <source>The upload permission expired before the file arrived. Try again.</source>
        <translation>文件送达前上传授权已过期。请重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The upload storage is unavailable (HTTP %1). Try again later.</source>
        <translation>上传存储暂不可用（HTTP %1）。请稍后重试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file is larger than the upload storage accepts.</source>
        <translation>文件超出上传存储接受的大小。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The upload storage refused the file (HTTP %1).</source>
        <translation>上传存储拒绝了该文件（HTTP %1）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The upload storage refused the file: %1</source>
        <translation>上传存储拒绝了该文件：%1</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is %2 MB; the service takes uploads up to %3 MB.</source>
        <translation>%1 大小为 %2 MB；服务接受的上传最大 %3 MB。</translation>
    </message>
</context>
<context>
    <name>PromptForm</name>
    <message>
        <location filename="../../ui/promptform.ui" line="+12"/>
        <source>Prompt form</source>
        <translation>提示词表单</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../../app/widgets/promptform.cpp" line="+275"/>
        <source>Describe the image: subject, setting, style, light… (Ctrl+Enter generates)</source>
        <translation>描述图片：主体、场景、风格、光线……（按 Ctrl+Enter 生成）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Prompt length</source>
        <translation>提示词长度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Negative prompt</source>
        <translation>反向提示词(&amp;N)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>What to avoid (optional)</source>
        <translation>不希望出现的内容（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Negative prompt length</source>
        <translation>反向提示词长度</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Size</source>
        <translation>尺寸(&amp;S)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Size preset</source>
        <translation>预设尺寸</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Width in pixels</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Height in pixels</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>⇄</source>
        <translation>⇄</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Swap width and height</source>
        <translation>交换宽度和高度</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Size problem</source>
        <translation>尺寸问题</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Images</source>
        <translation>图片数(&amp;I)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Number of images</source>
        <translation>图片数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many images one task makes; each one is billed.</source>
        <translation>一个任务生成几张图片；每张都会计费。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>S&amp;eed</source>
        <translation>随机种子(&amp;E)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a fixed seed</source>
        <translation>使用固定的随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off: a new random seed for every task (the seed used is always recorded).</source>
        <translation>不勾选时，每个任务使用新的随机种子（所用的随机种子总会被记录下来）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New</source>
        <translation>换一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Pick a new random seed</source>
        <translation>换一个新的随机种子</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prompt e&amp;xtend</source>
        <translation>智能改写(&amp;X)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt extend</source>
        <translation>智能改写</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let the service rewrite the prompt in more detail (slower; the rewritten prompt is kept with the image).</source>
        <translation>让服务把提示词改写得更详细（较慢；改写后的提示词会随图片一起保存）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Watermark</source>
        <translation>水印(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watermark</source>
        <translation>水印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adds an “AI generated” mark at the bottom right.</source>
        <translation>在右下角添加“AI生成”标识。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Form problems</source>
        <translation>表单问题</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Estimated cost</source>
        <translation>预估费用</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptform.cpp" line="-256"/>
        <location filename="../../app/widgets/promptformreuse.cpp" line="+13"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make images</source>
        <translation>生成图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make a video</source>
        <translation>生成视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit an image</source>
        <translation>编辑图片</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Seed source</source>
        <translation>种子来源</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>Make a video from a prompt or from images</source>
        <translation>根据提示词或图片生成视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No video model is served in %1; choose another region in Settings.</source>
        <translation>%1没有视频模型；请在设置中选择其他地域。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change an image: edit, inpaint, outpaint, upscale or restyle it</source>
        <translation>修改图片：编辑、局部重绘、扩图、放大或换风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No image editing model is served in %1; choose another region in Settings.</source>
        <translation>%1 不提供图像编辑模型；请在设置中选择其他地域。</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Describe the change: what to add, remove, restyle or fill in… (Ctrl+Enter generates)</source>
        <translation>描述修改：要添加、移除、换风格或填充什么…（Ctrl+Enter 生成）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Describe the video: subject, motion, camera, light… (Ctrl+Enter generates)</source>
        <translation>描述视频：主体、运动、镜头、光线…（Ctrl+Enter 生成）</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>&amp;Images (%1–%2)</source>
        <translation>图片数量(&amp;I)（%1–%2）</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Follow the last image</source>
        <translation>跟随最后一张图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service picks about %1 with the aspect ratio of the last input image.</source>
        <translation>服务会选择约 %1、与最后一张输入图片比例相同的尺寸。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1  ·  %2</source>
        <translation>%1  ·  %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type any width and height below; %1.</source>
        <translation>在下方输入任意宽度和高度；%1。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptformtexts.cpp" line="+35"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;Demo mode&lt;/b&gt; — images come from the built-in simulator (models of %1). %2</source>
        <translation>&lt;b&gt;演示模式&lt;/b&gt; — 图片来自内置模拟器（%1地域的模型）。%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region: &lt;b&gt;%1&lt;/b&gt; via %2 %3</source>
        <translation>地域：&lt;b&gt;%1&lt;/b&gt;（经由 %2） %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Region: &lt;b&gt;%1&lt;/b&gt; %2</source>
        <translation>地域：&lt;b&gt;%1&lt;/b&gt; %2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 / %2 — close to the limit</source>
        <translation>%1 / %2 — 接近上限</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 has no negative prompt</source>
        <translation>%1 不支持反向提示词</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptform.cpp" line="+105"/>
        <source>%1 is not served in %2; using %3.</source>
        <translation>%2地域不提供 %1；改用 %3。</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>Start a task (Ctrl+Enter)</source>
        <translation>开始任务（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type a prompt first</source>
        <translation>请先输入提示词</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptformtexts.cpp" line="-28"/>
        <source>The service reads up to %1 characters and ignores the rest without saying so.</source>
        <translation>服务最多读取 %1 个字符，超出部分会被静默忽略。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 / %2 — the rest is ignored</source>
        <translation>%1 / %2 — 超出部分会被忽略</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>free: demo</source>
        <translation>免费：演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo mode uses the built-in simulator: nothing is billed.</source>
        <translation>演示模式使用内置模拟器：不产生任何费用。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>An estimate at %1 a unit (%2); the bill is the service&apos;s.</source>
        <translation>按每单位 %1 预估（%2）；以服务账单为准。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No price is known for this model in this region. To see estimates, add it to prices.json in your configuration folder.</source>
        <translation>此模型在该地域没有已知价格。如需查看预估，请将其添加到配置文件夹中的 prices.json。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 makes %2 to %3 images per task.</source>
        <translation>%1 每个任务生成 %2 到 %3 张图片。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not %1: %2</source>
        <translation>不能是 %1：%2</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptformhistory.cpp" line="+24"/>
        <source>Styles</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt styles</source>
        <translation>提示词风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert a saved snippet at the cursor, or save the selected text as one</source>
        <translation>在光标处插入已保存的片段，或将所选文字保存为片段</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No styles yet: select words in the prompt and save them</source>
        <translation>还没有风格：在提示词中选中文字并保存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save Selection as Style…</source>
        <translation>将所选内容保存为风格…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete Style</source>
        <translation>删除风格</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Save Style</source>
        <translation>保存风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved styles are inserted from the Styles menu.
Style:</source>
        <translation>已保存的风格可从“风格”菜单插入。
风格：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptformmodels.cpp" line="+110"/>
        <source>%1 (%2)
%3
Sizes: %4
Prompt: up to %5 characters</source>
        <translation>%1（%2）
%3
尺寸：%4
提示词：最多 %5 个字符</translation>
    </message>
    <message>
        <location filename="../../app/widgets/promptformreuse.cpp" line="+44"/>
        <source>%1 is not offered by %2; using %3.</source>
        <translation>%2 不提供 %1；改用 %3。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Used for the next task only; later tasks get new random seeds unless you keep it fixed.</source>
        <translation>仅用于下一个任务；除非保持固定，之后的任务会使用新的随机种子。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Seed %1 from the reused settings: next task only.</source>
        <translation>种子 %1 来自复用的设置：仅用于下一个任务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed %1 from %2: next task only.</source>
        <translation>种子 %1 来自 %2：仅用于下一个任务。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep it fixed</source>
        <translation>保持固定</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../app/desktop/desktopapp.cpp" line="+223"/>
        <source>DashScope Studio</source>
        <translation>DashScope Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The library could not be opened.

%1</source>
        <translation>无法打开资料库。

%1</translation>
    </message>
</context>
<context>
    <name>Region</name>
    <message>
        <location filename="../../app/domain/region.cpp" line="+28"/>
        <source>Singapore</source>
        <translation>新加坡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>US (Virginia)</source>
        <translation>美国（弗吉尼亚）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>China (Beijing)</source>
        <translation>中国（北京）</translation>
    </message>
    <message>
        <location line="+88"/>
        <location line="+57"/>
        <source>The base URL is empty.</source>
        <translation>基础 URL 为空。</translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+66"/>
        <source>The base URL “%1” is not a valid URL: %2.</source>
        <translation>基础 URL“%1”不是有效的 URL：%2。</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+53"/>
        <source>The base URL “%1” must start with https:// (for example %2).</source>
        <translation>基础 URL“%1”必须以 https:// 开头（例如 %2）。</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>The base URL “%1” has no host name.</source>
        <translation>基础 URL“%1”缺少主机名。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The base URL must not contain a user name or password; the API key is sent separately.</source>
        <translation>基础 URL 中不能包含用户名或密码；API Key 会单独发送。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The base URL “%1” must not contain “?” or “#”; it should end in /api/v1.</source>
        <translation>基础 URL“%1”中不能包含“?”或“#”；它应以 /api/v1 结尾。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The base URL “%1” uses http://, which would send the API key unencrypted; use https://. Only this computer (localhost, 127.0.0.1, ::1) may use http://.</source>
        <translation>基础 URL“%1”使用了 http://，这会以明文发送 API Key；请使用 https://。只有本机地址（localhost、127.0.0.1、::1）可以使用 http://。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The base URL “%1” is the OpenAI-compatible address; image generation needs the native one, which ends in /api/v1 (for example %2).</source>
        <translation>基础 URL“%1”是 OpenAI 兼容地址；图像生成需要以 /api/v1 结尾的原生地址（例如 %2）。</translation>
    </message>
</context>
<context>
    <name>RequestEncoder</name>
    <message>
        <location filename="../../app/protocol/requestencoder.cpp" line="+103"/>
        <source>The %1 input of this %2 request was not prepared for sending (no URL). Send it again.</source>
        <translation>此%2请求的%1输入未准备好发送（没有 URL）。请重新发送。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>This version of DashScope Studio cannot send requests for %1 yet (its endpoint protocol is “%2”). Choose an image model, or update DashScope Studio.</source>
        <translation>此版本的 DashScope Studio 尚不能发送%1请求（其接口协议为“%2”）。请选择图片模型，或更新 DashScope Studio。</translation>
    </message>
</context>
<context>
    <name>ResultDownloader</name>
    <message>
        <location filename="../../app/engine/resultdownloader.cpp" line="+71"/>
        <source>The service sent an unusable image address.</source>
        <translation>服务返回的图片地址无法使用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <location filename="../../app/engine/downloadworker.cpp" line="+110"/>
        <location line="+135"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="-77"/>
        <location line="+165"/>
        <source>The image server redirected the download to %1, which is not allowed; nothing was saved.</source>
        <translation>图片服务器将下载重定向到 %1，这是不允许的；未保存任何内容。</translation>
    </message>
    <message numerus="yes">
        <location line="-154"/>
        <source>The download took longer than %n second(s) and was stopped.</source>
        <translation>
            <numerusform>下载超过 %n 秒，已停止。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/engine/resultsink.cpp" line="+43"/>
        <source>The image is larger than %1 MiB; it was not downloaded.</source>
        <translation>图片大于 %1 MiB，未下载。</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>The image server sent a web page instead of the image; nothing was saved.</source>
        <translation>图片服务器发来的是网页而不是图片；未保存任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The image server sent a JPEG or WebP image where a PNG was expected; nothing was saved.</source>
        <translation>图片服务器发来的是 JPEG 或 WebP 图片，而预期为 PNG；未保存任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service sent something that is not a PNG image.</source>
        <translation>服务返回的内容不是 PNG 图片。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The image claims %1×%2 pixels, more than this program opens; it was not downloaded.</source>
        <translation>该图片声明为 %1×%2 像素，超出本程序可打开的范围；未下载。</translation>
    </message>
    <message>
        <location filename="../../app/engine/downloadworker.cpp" line="+119"/>
        <source>The download stalled.</source>
        <translation>下载停滞了。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The image server rejected the link&apos;s signature.</source>
        <translation>图片服务器拒绝了链接的签名。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The download link has expired (links last 24 hours); this image can no longer be downloaded.</source>
        <translation>下载链接已过期（链接有效期为 24 小时）；这张图片已无法下载。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The image is no longer on the server.</source>
        <translation>服务器上已没有这张图片。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+13"/>
        <source>The image server answered HTTP %1.</source>
        <translation>图片服务器返回了 HTTP %1。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The download was cut short.</source>
        <translation>下载中途中断了。</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>%1 appeared during the download.</source>
        <translation>下载期间出现了 %1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location filename="../../app/engine/resultdownloader.cpp" line="+98"/>
        <source>The download was canceled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <location filename="../../app/engine/mp4sink.cpp" line="+16"/>
        <source>The video server sent a web page instead of the video; nothing was saved.</source>
        <translation>视频服务器返回了网页而不是视频；未保存任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The video server sent an image where an MP4 video was expected; nothing was saved.</source>
        <translation>视频服务器返回了图片而不是 MP4 视频；未保存任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service sent something that is not an MP4 video.</source>
        <translation>服务返回的内容不是 MP4 视频。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The video is larger than %1 MiB; it was not downloaded.</source>
        <translation>视频大于 %1 MiB，未下载。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>The video from the service is damaged (its parts do not fit together); nothing was saved.</source>
        <translation>服务返回的视频已损坏（各部分无法对应）；未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <location filename="../../app/platform/secretstore.cpp" line="+51"/>
        <source>no key</source>
        <translation>无 API Key</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from the environment (DASHSCOPE_API_KEY)</source>
        <translation>来自环境变量（DASHSCOPE_API_KEY）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stored in the system keychain</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kept for this session only</source>
        <translation>仅在本次运行期间保留</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The API key is empty.</source>
        <translation>API Key 为空。</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>The keychain refused to give out the API key: %1</source>
        <translation>密钥环拒绝提供 API Key：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The keychain did not store the API key: %1</source>
        <translation>密钥环未能保存 API Key：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The keychain did not delete the API key: %1</source>
        <translation>密钥环未能删除 API Key：%1</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../app/session/session.cpp" line="+33"/>
        <source>Cannot open the library %1: %2</source>
        <translation>无法打开资料库 %1：%2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot start the built-in simulator: %1</source>
        <translation>无法启动内置模拟器：%1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settingsdialog.ui" line="+12"/>
        <location line="+3"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Region</source>
        <translation>地域(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API keys belong to one region: a key made in the Singapore console does not work in Beijing.</source>
        <translation>API Key 只属于一个地域：在新加坡控制台创建的 API Key 不能在北京使用。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>C&amp;ustom base URL</source>
        <translation>自定义基础 URL(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a custom base URL</source>
        <translation>使用自定义基础 URL</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Custom base URL</source>
        <translation>自定义基础 URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A workspace domain such as https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/api/v1</source>
        <translation>业务空间域名，例如 https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/api/v1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Base URL problem</source>
        <translation>基础 URL 问题</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>API &amp;key</source>
        <translation>API Key(&amp;K)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API Key</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../app/widgets/settingsdialog.cpp" line="+81"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show or hide the key</source>
        <translation>显示或隐藏 API Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the API key</source>
        <translation>显示 API Key</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Test Key</source>
        <translation>测试 API Key(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test Key</source>
        <translation>测试 API Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One cheap authenticated call to the chosen region (lists one task; nothing is billed)</source>
        <translation>向所选地域发送一次开销很小的认证请求（列出一个任务；不产生费用）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Where the key is kept</source>
        <translation>API Key 的保存位置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Key test result</source>
        <translation>API Key 测试结果</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Output folder</source>
        <translation>输出文件夹(&amp;O)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location filename="../../app/widgets/settingsdialog.cpp" line="+328"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Default &amp;model</source>
        <translation>默认模型(&amp;M)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tasks at &amp;once</source>
        <translation>同时运行的任务数(&amp;O)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Maximum concurrent tasks</source>
        <translation>最大并发任务数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most this many tasks run at the same time; each model&apos;s own limit applies as well. The rest wait in the queue.</source>
        <translation>最多同时运行这么多个任务，同时也受各模型自身的限制。其余任务在队列中等待。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Colours</source>
        <translation>配色(&amp;C)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Colour scheme</source>
        <translation>配色方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light or dark colours for the whole program; the system&apos;s follows your desktop.</source>
        <translation>整个程序使用浅色或深色；“系统”则跟随桌面设置。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>Takes effect the next time the program starts.</source>
        <translation>下次启动程序时生效。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Restart Now</source>
        <translation>立即重启(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save and restart in the new language</source>
        <translation>保存并以新语言重启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saves these settings and starts the program again; running tasks are followed again after the restart.</source>
        <translation>保存这些设置并重新启动程序；正在运行的任务会在重启后继续跟踪。</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>&amp;Notify me when a task finishes in the background</source>
        <translation>任务在后台完成时通知我(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desktop notifications</source>
        <translation>桌面通知</translation>
    </message>
    <message>
        <location filename="../../app/widgets/settingsdialog.cpp" line="-384"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location line="+166"/>
        <source>Reading the key from the keychain…</source>
        <translation>正在从密钥环读取 API Key…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>From the environment (DASHSCOPE_API_KEY): it is used instead of a stored key.</source>
        <translation>来自环境变量（DASHSCOPE_API_KEY）：将代替已保存的 API Key 使用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No keychain is available on this system: the key is kept for this session only.</source>
        <translation>此系统上没有可用的密钥环：API Key 仅在本次运行期间保留。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The key is kept for this session only.</source>
        <translation>API Key 仅在本次运行期间保留。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No key for %1. Without one, the program runs in demo mode against its built-in simulator.</source>
        <translation>%1地域没有 API Key。没有 API Key 时，程序以演示模式运行，使用内置模拟器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Will be stored in the system keychain when you press OK.</source>
        <translation>按“确定”后将保存到系统密钥环中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stored in the system keychain.</source>
        <translation>已保存在系统密钥环中。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type or paste a key first.</source>
        <translation>请先输入或粘贴 API Key。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Testing the key against %1…</source>
        <translation>正在向%1测试 API Key…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>✗ %1 does not accept this key: it is a key of %2. Choose %2 as the region.</source>
        <translation>✗ %1不接受此 API Key：它属于%2地域。请将地域改为%2。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>✗ The key is invalid: no region accepts it. Check that it was copied whole.</source>
        <translation>✗ API Key 无效：没有任何地域接受它。请检查是否完整复制。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✓ The key is valid in %1.</source>
        <translation>✓ API Key 在%1地域有效。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 rejected the key; checking whether it belongs to another region…</source>
        <translation>%1拒绝了此 API Key；正在检查它是否属于其他地域…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✗ %1 does not accept this key. It is probably a key of another region: pick the region whose console issued it.</source>
        <translation>✗ %1不接受此 API Key。它可能属于其他地域：请选择签发它的控制台所在的地域。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✗ The key is invalid in %1. Check that it was copied whole, and that it belongs to this region.</source>
        <translation>✗ API Key 在%1地域无效。请检查是否完整复制，以及它是否属于该地域。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>(request %1)</source>
        <translation>（请求 %1）</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Saving the key…</source>
        <translation>正在保存 API Key…</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/widgets/helpwindows.cpp" line="-139"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find a command or a key</source>
        <translation>查找命令或按键</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SimulatorServer</name>
    <message>
        <location filename="../../app/simulator/simulatorserver.cpp" line="+119"/>
        <source>The simulator is already listening on port %1.</source>
        <translation>模拟器已在端口 %1 上监听。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>无法监听 127.0.0.1:%1：%2</translation>
    </message>
</context>
<context>
    <name>SizeRule</name>
    <message>
        <location filename="../../app/domain/modelcatalog.cpp" line="-144"/>
        <source>%1 to %2 (%3 to %4)</source>
        <translation>%1 至 %2（%3 至 %4）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>this model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Size %1 is not a size: width and height must be positive.</source>
        <translation>尺寸 %1 无效：宽度和高度必须大于零。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Size %1 has a width of %2 and a height of %3 pixels</source>
        <translation>尺寸 %1 的宽度为 %2 像素、高度为 %3 像素</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size %1 has a width of %2 pixels</source>
        <translation>尺寸 %1 的宽度为 %2 像素</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size %1 has a height of %2 pixels</source>
        <translation>尺寸 %1 的高度为 %2 像素</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1; %2 allows each side from %3 to %4 pixels.</source>
        <translation>%1；%2 允许每边 %3 至 %4 像素。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Size %1 has %2 pixels; %3 allows %4.</source>
        <translation>尺寸 %1 共有 %2 像素；%3 允许 %4。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Size %1 has an aspect ratio of %2; %3 allows from 1:%4 to %4:1.</source>
        <translation>尺寸 %1 的宽高比为 %2；%3 允许 1:%4 至 %4:1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Size %1 is not one of the sizes %2 supports: %3.</source>
        <translation>尺寸 %1 不是 %2 支持的尺寸：%3。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>any size</source>
        <translation>任意尺寸</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>each side %1–%2 px</source>
        <translation>每边 %1–%2 px</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 to %2 pixels</source>
        <translation>%1 至 %2 像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 to %2 pixels (%3 to %4)</source>
        <translation>%1 至 %2 像素（%3 至 %4）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, aspect ratio 1:%2 to %2:1</source>
        <translation>%1，宽高比 1:%2 至 %2:1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>one of %1</source>
        <translation>以下之一：%1</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <location filename="../../app/models/tasklistmodel.cpp" line="+266"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <location line="+15"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n 个视频</numerusform>
        </translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+14"/>
        <source>%1 images</source>
        <translation>%1 张图片</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>seed %1</source>
        <translation>随机种子 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>%1 of %n video(s) failed (%2).</source>
        <translation>
            <numerusform>%n 个视频中有 %1 个失败（%2）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 images failed (%3).</source>
        <translation>%2 张图片中有 %1 张失败（%3）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot reach the service — trying again</source>
        <translation>无法连接服务，正在重试</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · waiting for a free slot</source>
        <translation>%1 · 等待空位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · %2 · took %3</source>
        <translation>%1 · %2 · 用时 %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 · %2 of about %3</source>
        <translation>%1 · %2 / 约 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2 · longer than the usual %3</source>
        <translation>%1 · %2 · 比通常的 %3 更久</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Task ID: %1</source>
        <translation>任务 ID：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request ID: %1</source>
        <translation>请求 ID：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
</context>
<context>
    <name>TaskPanel</name>
    <message>
        <location filename="../../ui/taskpanel.ui" line="+16"/>
        <source>&lt;b&gt;Tasks&lt;/b&gt;</source>
        <translation>&lt;b&gt;任务&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Running tasks</source>
        <translation>运行中的任务</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Show tasks</source>
        <translation>显示任务</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/widgets/taskpanel.cpp" line="+233"/>
        <source>No tasks in this session</source>
        <translation>本次运行还没有任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each generation shows its progress here: queued, generating, downloading, done.</source>
        <translation>每次生成的进度都会显示在这里：排队中、生成中、下载中、已完成。</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>1 task running</source>
        <translation>1 个任务正在运行</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>All tasks</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Failed shows the tasks that ended without every result, from this session and the last %n day(s).</source>
        <translation>
            <numerusform>“失败”显示本次会话及最近 %n 天内未得到全部结果的任务。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reuse Settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fill the form with this task&apos;s prompt and settings</source>
        <translation>用此任务的提示词和设置填写表单</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the task&apos;s id, its request id or its cURL command</source>
        <translation>复制任务 ID、请求 ID 或 cURL 命令</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1 tasks running</source>
        <translation>%1 个任务正在运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 queued</source>
        <translation>1 个排队中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 queued</source>
        <translation>%1 个排队中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>— %1</source>
        <translation>— %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Nothing running</source>
        <translation>没有正在运行的任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tasks that are queued, generating or downloading show here.</source>
        <translation>排队、生成中或下载中的任务显示在这里。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No failed tasks</source>
        <translation>没有失败的任务</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Nothing failed in this session or the last %n day(s).</source>
        <translation>
            <numerusform>本次会话及最近 %n 天内没有失败的任务。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A paused task still exists on the service and is followed again at the next start: a retry would create, and bill, a second task.</source>
        <translation>已暂停的任务仍在服务端，下次启动时会继续跟踪：重试会创建第二个任务并再次计费。</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+6"/>
        <source>Run Again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Its settings do not pass the model&apos;s rules any more: %1 Use Reuse Settings (in the task&apos;s menu) to fix them in the form.</source>
        <translation>其设置已不符合模型的规则：%1 请使用“复用设置”（在任务的菜单中）在表单中修正。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Task ID %1 copied.</source>
        <translation>已复制任务 ID %1。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Request ID %1 copied.</source>
        <translation>已复制请求 ID %1。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cURL command copied. It reads the key from $DASHSCOPE_API_KEY.</source>
        <translation>已复制 cURL 命令。它从 $DASHSCOPE_API_KEY 读取 API Key。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+8"/>
        <source>Open Task ID</source>
        <translation>打开任务 ID</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The task_id of a task created elsewhere, for example with cURL.
It is followed here and its images are saved to the library:</source>
        <translation>在别处（例如用 cURL）创建的任务的 task_id。
本程序会跟踪该任务，并把其图片保存到资料库：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Following task %1.</source>
        <translation>正在跟踪任务 %1。</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%n video(s) ready</source>
        <translation>
            <numerusform>%n 个视频已就绪</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 image ready</source>
        <translation>1 张图片已就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 images ready</source>
        <translation>%1 张图片已就绪</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 images ready</source>
        <translation>%2 张图片中有 %1 张已就绪</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A task failed</source>
        <translation>有任务失败</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Each one&apos;s row in Tasks says why and what to do.</source>
        <translation>每个任务在“任务”列表中的一行说明了原因和处理方法。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 task paused: %1</source>
        <translation>1 个任务已暂停：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 tasks paused: %2</source>
        <translation>%1 个任务已暂停：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 task paused</source>
        <translation>1 个任务已暂停</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 tasks paused</source>
        <translation>%1 个任务已暂停</translation>
    </message>
</context>
<context>
    <name>TaskResponse</name>
    <message>
        <location filename="../../app/protocol/taskresponse.cpp" line="+169"/>
        <source>The answer is not JSON (%1 at byte %2).</source>
        <translation>响应不是 JSON（%1，位于第 %2 字节）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The answer is not a JSON object.</source>
        <translation>响应不是 JSON 对象。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The answer has no “output” object.</source>
        <translation>响应中没有“output”对象。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The task list is not a JSON object.</source>
        <translation>任务列表不是 JSON 对象。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The task list has no “data” array.</source>
        <translation>任务列表中没有“data”数组。</translation>
    </message>
</context>
<context>
    <name>TaskService</name>
    <message>
        <location filename="../../app/engine/taskoutcomes.cpp" line="+21"/>
        <source>The service may have created this task anyway (and may bill it). It was not sent again, so there is no duplicate. Look for it in the account&apos;s task list (the Model Studio console, or GET /api/v1/tasks) and follow it with its task id: dashscope-studio fetch TASK_ID.</source>
        <translation>服务可能仍然创建了此任务（并可能计费）。任务没有重新发送，因此不会重复。请在账号的任务列表（百炼控制台，或 GET /api/v1/tasks）中查找，并用其任务 ID 跟踪：dashscope-studio fetch TASK_ID。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The library could not record this task&apos;s outcome.</source>
        <translation>资料库无法记录此任务的结果。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Its images are kept, but the library does not list them: %1.</source>
        <translation>其图片已保留，但资料库中没有记录：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Once the library can be written again, record them with: dashscope-studio fetch %1 (within 24 hours of the task&apos;s creation).</source>
        <translation>资料库恢复可写后，请用以下命令记录它们：dashscope-studio fetch %1（须在任务创建后 24 小时内）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Before that: %1</source>
        <translation>此前：%1</translation>
    </message>
    <message>
        <location filename="../../app/engine/taskservice.cpp" line="+318"/>
        <source>%1 does not answer like the DashScope API (%2). Check the base URL. The task is kept, and followed again at the next start or with `dashscope-studio resume`.</source>
        <translation>%1 的应答不像 DashScope API（%2）。请检查基础 URL。该任务已保留，将在下次启动时或通过 `dashscope-studio resume` 继续跟踪。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot reach the service at %1 (%2). The task is kept, and followed again at the next start or with `dashscope-studio resume`.</source>
        <translation>无法连接 %1 的服务（%2）。该任务已保留，将在下次启动时或通过 `dashscope-studio resume` 继续跟踪。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No API key is set. Add one in Settings, or set DASHSCOPE_API_KEY.</source>
        <translation>尚未设置 API Key。请在“设置”中添加，或设置 DASHSCOPE_API_KEY。</translation>
    </message>
    <message>
        <location filename="../../app/engine/tasklibrary.cpp" line="+43"/>
        <source>The task got no row id.</source>
        <translation>任务没有得到行号。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The task could not be recorded in the library, so it was not sent. %1</source>
        <translation>无法在资料库中记录任务，因此未发送。%1</translation>
    </message>
    <message>
        <location filename="../../app/engine/taskservice.cpp" line="+50"/>
        <source>This task is not in the library any more (it was deleted), so it cannot be run again.</source>
        <translation>此任务已不在资料库中（已被删除），因此无法再次运行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This task was followed by its task ID, so its prompt and settings are unknown here and it cannot be run again.</source>
        <translation>此任务是通过任务 ID 跟踪的，这里不知道它的提示词和设置，因此无法再次运行。</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Nothing was sent to the service.</source>
        <translation>未向服务发送任何内容。</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Canceled before the service accepted it; nothing was created.</source>
        <translation>在服务接受之前已取消；没有创建任何任务。</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Over this month&apos;s budget: this request would cost about %1 (%2), %3 is already spent or on its way, and the budget is %4 (%5 left). Nothing was sent. Raise the budget or ask for less.</source>
        <translation>超出本月预算：此请求约需 %1（%2），已花费或即将花费 %3，预算为 %4（剩余 %5）。未发送任何请求。请提高预算或减少要求。</translation>
    </message>
    <message>
        <location filename="../../app/engine/taskpolling.cpp" line="+157"/>
        <source>The key was refused for this task at %1 (%2). The task is kept: follow it again with that endpoint&apos;s key (Settings, or `dashscope-studio resume` with DASHSCOPE_API_KEY set).</source>
        <translation>%1 拒绝了用于该任务的 API Key（%2）。该任务已保留：请使用该端点的 API Key 继续跟踪（在设置中，或设置 DASHSCOPE_API_KEY 后运行 `dashscope-studio resume`）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing answers at %1 (a simulator that has stopped?). The task is kept: follow it again with `dashscope-studio resume --base-url %1` while that simulator runs.</source>
        <translation>%1 没有应答（模拟器已停止？）。该任务已保留：请在该模拟器运行时用 `dashscope-studio resume --base-url %1` 继续跟踪。</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>The task was canceled on the service.</source>
        <translation>任务已在服务端取消。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The service no longer knows this task: task ids expire after 24 hours.</source>
        <translation>服务已查不到此任务：任务 ID 在 24 小时后失效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service does not know the task id %1 (status UNKNOWN). It may belong to another region or account, or be older than 24 hours.</source>
        <translation>服务查不到任务 ID %1（状态为 UNKNOWN）。它可能属于其他地域或账号，或已超过 24 小时。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Still running after %1 minutes, longer than usual; it is still being followed and will be saved when the service finishes it.</source>
        <translation>已运行 %1 分钟，比平时更久；仍在跟踪，服务完成后会保存结果。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Canceled before it was sent; nothing was created.</source>
        <translation>在发送之前已取消；没有创建任何任务。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopped looking for this task. The service may have created it: look for it in the account&apos;s task list and follow it with dashscope-studio fetch TASK_ID.</source>
        <translation>已停止查找此任务。服务可能已创建它：请在账号的任务列表中查找，并用 dashscope-studio fetch TASK_ID 跟踪。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downloads stopped. Images saved so far are kept; the others can be fetched for 24 hours with the task id %1.</source>
        <translation>下载已停止。已保存的图片会保留；其余图片可在 24 小时内用任务 ID %1 获取。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Canceled on the service before it started; it is not billed.</source>
        <translation>在开始执行前已在服务端取消；不会计费。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The service refused to cancel it (%1).</source>
        <translation>服务拒绝取消此任务（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped here only: the service cannot cancel a task that has started, so it keeps running there and may be billed. Its results can still be fetched for 24 hours: dashscope-studio fetch %1</source>
        <translation>仅在本地停止：服务无法取消已开始的任务，因此它会在服务端继续运行，并可能计费。24 小时内仍可获取其结果：dashscope-studio fetch %1</translation>
    </message>
    <message>
        <location filename="../../app/engine/taskresults.cpp" line="+44"/>
        <source>The service reported success but sent no results.</source>
        <translation>服务报告成功，但没有返回任何结果。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The service sent %1 results, more than the %2 this task can have; only the first %2 were taken.</source>
        <translation>服务返回了 %1 个结果，多于此任务应有的 %2 个；只保存了前 %2 个。</translation>
    </message>
    <message>
        <location filename="../../app/engine/taskrecovery.cpp" line="+26"/>
        <source>“%1” is not a task ID. Task IDs look like 0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21.</source>
        <translation>“%1”不是任务 ID。任务 ID 形如 0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Task %1 is being followed by another DashScope Studio right now (the window or a command); its results appear in the library when it is done.</source>
        <translation>任务 %1 正由另一个 DashScope Studio（窗口或命令）跟踪；完成后其结果会出现在资料库中。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>The program was not running while this task could be fetched: the service keeps tasks and their images for 24 hours only.</source>
        <translation>在此任务可获取期间，程序没有运行：服务只保留任务及其图片 24 小时。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The program stopped before this task was sent; nothing was created. Retry it to send it now.</source>
        <translation>程序在发送此任务之前停止了；没有创建任何任务。重试即可立即发送。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This task was created at %1, and there is no key for that endpoint here. It is kept: follow it with that endpoint&apos;s key (Settings, or `dashscope-studio resume --base-url %1` with DASHSCOPE_API_KEY set).</source>
        <translation>该任务创建于 %1，此处没有该端点的 API Key。该任务已保留：请使用该端点的 API Key 跟踪（在设置中，或设置 DASHSCOPE_API_KEY 后运行 `dashscope-studio resume --base-url %1`）。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>The program stopped while sending this task, and the account has no task of %1 from that moment: it was not created, and nothing is billed. Retry it to send it now.</source>
        <translation>程序在发送此任务时停止，而账号中没有该时刻的 %1 任务：任务未被创建，不会计费。请重试以立即发送。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The program stopped while sending this task. The account has %1 tasks of %2 from that moment (%3), so which one is this cannot be told; it was not sent again. Follow yours with dashscope-studio fetch TASK_ID.</source>
        <translation>程序在发送此任务时停止。账号中有 %1 个该时刻的 %2 任务（%3），无法判断是哪一个；任务未被再次发送。请用 dashscope-studio fetch TASK_ID 跟踪您的任务。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The program stopped while sending this task, so the service may have created it, and the account&apos;s task list could not be read to find it (%1). It was not sent again; it is searched for at the next start or with `dashscope-studio resume`.</source>
        <translation>程序在发送此任务时停止，服务可能已创建它，但无法读取账号的任务列表来查找（%1）。任务未被再次发送；将在下次启动时或通过 `dashscope-studio resume` 再次查找。</translation>
    </message>
</context>
<context>
    <name>TaskState</name>
    <message>
        <location filename="../../app/domain/taskrecord.cpp" line="+56"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitting</source>
        <translation>提交中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting on the service</source>
        <translation>等待服务处理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partly done</source>
        <translation>部分完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Canceled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>UiStyle</name>
    <message>
        <location filename="../../app/models/displaytext.cpp" line="-53"/>
        <location line="+4"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
</context>
<context>
    <name>UploadPolicy</name>
    <message>
        <location filename="../../app/protocol/uploadpolicy.cpp" line="+37"/>
        <source>The service&apos;s upload policy has no usable “%1”, so no file can be uploaded.</source>
        <translation>服务的上传凭证中没有可用的“%1”，因此无法上传文件。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The service&apos;s answer to the upload request has no policy.</source>
        <translation>服务对上传请求的响应中没有上传凭证。</translation>
    </message>
</context>
<context>
    <name>UsageDialog</name>
    <message>
        <location filename="../../app/widgets/usagedialog.cpp" line="+34"/>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Group by</source>
        <translation>分组方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By day</source>
        <translation>按天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By week</source>
        <translation>按周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By region</source>
        <translation>按地域</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Usage table</source>
        <translation>用量表</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Usage chart</source>
        <translation>用量图表</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimates at the prices used when each task finished; the bill is the service&apos;s. Failed and canceled tasks cost nothing.</source>
        <translation>按各任务完成时使用的价格预估；以服务账单为准。失败和已取消的任务不计费。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>CNY (¥)</source>
        <translation>人民币（¥）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USD ($)</source>
        <translation>美元（$）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Estimated cost</source>
        <translation>预估费用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing generated yet</source>
        <translation>尚未生成任何内容</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 of a budget of %2</source>
        <translation>%1，预算为 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This month: nothing spent.</source>
        <translation>本月：尚无花费。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month: %1.</source>
        <translation>本月：%1。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Demo (free): %n task(s) of the built-in simulator, not counted.</source>
        <translation>
            <numerusform>演示（免费）：内置模拟器的 %n 个任务，不计入。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+5"/>
        <source>%1 could not be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+6"/>
        <source>Export Usage</source>
        <translation>导出用量</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>UsageModel</name>
    <message>
        <location filename="../../app/models/usagemodel.cpp" line="+35"/>
        <source>(unknown model)</source>
        <translation>（未知模型）</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Video seconds</source>
        <translation>视频秒数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimated cost</source>
        <translation>预估费用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown price</source>
        <translation>价格未知</translation>
    </message>
</context>
<context>
    <name>VideoFile</name>
    <message>
        <location filename="../../app/library/videofile.cpp" line="+129"/>
        <source>The video file cannot be opened (%1).</source>
        <translation>无法打开视频文件（%1）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This file is not an MP4 video.</source>
        <translation>此文件不是 MP4 视频。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not enough memory to open the video.</source>
        <translation>内存不足，无法打开视频。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The video&apos;s index was not found in its first %1 MB; the file is not a video this program opens.</source>
        <translation>在视频的前 %1 MB 中未找到索引；本程序无法打开此文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+74"/>
        <source>The video file is damaged or incomplete (its index is missing); download it again.</source>
        <translation>视频文件已损坏或不完整（缺少索引）；请重新下载。</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>The MP4 file holds no video.</source>
        <translation>此 MP4 文件不包含视频。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The video claims %1×%2 pixels, more than this program opens.</source>
        <translation>视频声称有 %1×%2 像素，超出本程序能打开的大小。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The video file is incomplete (it was cut short); download it again.</source>
        <translation>视频文件不完整（被截断）；请重新下载。</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+22"/>
        <source>The video file is damaged; download it again.</source>
        <translation>视频文件已损坏；请重新下载。</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>The video %1 could not be tagged with how it was made: %2</source>
        <translation>无法在视频 %1 中写入生成信息：%2</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+16"/>
        <location line="+24"/>
        <source>not enough memory.</source>
        <translation>内存不足。</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>the folder cannot be written (%1).</source>
        <translation>无法写入文件夹（%1）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>its streams cannot be copied (%1).</source>
        <translation>无法复制其数据流（%1）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the file is incomplete; download it again.</source>
        <translation>文件不完整；请重新下载。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+8"/>
        <source>writing the copy failed (%1).</source>
        <translation>写入副本失败（%1）。</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>the file cannot be read to its end (%1).</source>
        <translation>无法读取到文件末尾（%1）。</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>what was to be stored is not a JSON object.</source>
        <translation>要存储的内容不是 JSON 对象。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>its folder cannot be written (%1).</source>
        <translation>无法写入其所在文件夹（%1）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the tag could not be read back from the copy.</source>
        <translation>无法从副本读回标签。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the copy could not be written to disk.</source>
        <translation>无法将副本写入磁盘。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it could not be replaced (%1).</source>
        <translation>无法替换它（%1）。</translation>
    </message>
</context>
<context>
    <name>VideoOptions</name>
    <message>
        <location filename="../../app/widgets/videooptions.cpp" line="+30"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Duration in seconds</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The height of the video; the width follows the ratio.</source>
        <translation>视频的高度；宽度随宽高比而定。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Generate sound</source>
        <translation>生成声音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The video gets a sound track; this changes the price.</source>
        <translation>视频带有音轨；这会改变价格。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shot type</source>
        <translation>镜头类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model&apos;s choice</source>
        <translation>由模型决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Single shot</source>
        <translation>单镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multiple shots</source>
        <translation>多镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Works only with prompt extend.</source>
        <translation>仅在开启智能改写时有效。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Duration</source>
        <translation>时长(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;uration</source>
        <translation>时长(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resolution</source>
        <translation>分辨率(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;atio</source>
        <translation>宽高比(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;hot type</source>
        <translation>镜头类型(&amp;H)</translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <location filename="../../app/widgets/videoplayer.cpp" line="+47"/>
        <source>Video player</source>
        <translation>视频播放器</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+194"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-194"/>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame back, while paused (,)</source>
        <translation>暂停时后退一帧（,）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame forward, while paused (.)</source>
        <translation>暂停时前进一帧（.）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Play again from the start (L)</source>
        <translation>从头再播放（L）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sound off (M)</source>
        <translation>关闭声音（M）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Full Screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The video on the whole screen (F11; Esc leaves)</source>
        <translation>全屏显示视频（F11；Esc 退出）</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>The video cannot be played.</source>
        <translation>无法播放此视频。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This video cannot be played here: %1 Open it in another player with Show in File Manager.</source>
        <translation>无法在此播放此视频：%1 请通过“在文件管理器中显示”用其他播放器打开。</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>ViewOverlay</name>
    <message>
        <location filename="../../app/widgets/viewoverlay.cpp" line="+34"/>
        <source>Full screen controls</source>
        <translation>全屏控制</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Previous</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Previous image (Left)</source>
        <translation>上一张图片（左方向键）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next image (Right)</source>
        <translation>下一张图片（右方向键）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exit Full Screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Leave full screen (Esc, F or F11)</source>
        <translation>退出全屏（Esc、F 或 F11）</translation>
    </message>
</context>
<context>
    <name>ZoomControl</name>
    <message>
        <location filename="../../app/widgets/zoomcontrol.cpp" line="+13"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom: wheel, + and -, 0 fits the window, 1 is 100 %</source>
        <translation>缩放：滚轮、+ 和 -，0 适合窗口，1 为 100%</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fit to Window</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+36"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Fit (%1 %)</source>
        <translation>适合（%1%）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/main.cpp" line="+31"/>
        <source>Generate images with Alibaba Cloud Model Studio.

Commands: %1 (see COMMAND --help).</source>
        <translation>使用阿里云百炼生成图片。

命令：%1（详见 COMMAND --help）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Use the built-in simulator: no key, nothing billed.</source>
        <translation>使用内置模拟器：无需 API Key，不产生费用。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Light or dark colours instead of the system&apos;s: light, dark or system.</source>
        <translation>使用浅色或深色配色，而不跟随系统：light、dark 或 system。</translation>
    </message>
</context>
</TS>
